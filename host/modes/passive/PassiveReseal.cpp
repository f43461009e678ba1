// The own containers across a user PIN change: their private parts are sealed under a key derived
// from the PIN (docs/passive.md "Private part"), so a new PIN needs new private parts.
#include "CardPin.hpp"
#include "KeySealing.hpp"
#include "PassiveKeyStore.hpp"

#include "core/Error.hpp"
#include "core/Log.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>

namespace tokenbridge::modes::passive
{

namespace
{

    ByteView pinBytes(const security::PinBuffer& pin)
    {
        return pin.bytes();
    }

} // namespace

std::vector<std::string> PassiveKeyStore::ownKeyIds()
{
    std::vector<std::string> ids;
    for (const auto& slot : readSlots(readDirectory())) {
        ids.push_back(toHex(slot.publicPart.keyId));
    }
    return ids;
}

PassiveKeyStore::Reseal PassiveKeyStore::stageReseal(const security::PinBuffer& newPin)
{
    Reseal reseal { readDirectory(), {} };
    if (reseal.directory.entries.empty()) {
        return reseal;
    }
    const CardPinSession session(_card, _pin);
    // Fresh file ids must avoid the old parts as well as each other.
    Directory taken = reseal.directory;
    try {
        for (auto& entry : reseal.directory.entries) {
            const auto publicBytes = _files.read(entry.publicFid);
            const auto privateBytes = _files.read(entry.privateFid);
            if (!publicBytes || !privateBytes) {
                continue; // damaged: nothing to keep
            }
            const auto publicPart = decodePublic(*publicBytes);
            crypto::SecureBuffer scalar;
            try {
                scalar =
                    openPrivateKey(pinBytes(*_pin), publicPart.keyId, decodePrivate(*privateBytes));
            } catch (const RequestError& error) {
                // Damaged, or sealed under another PIN (one set by unblockUserPin replaced the
                // PIN it was sealed under): left as it is, so that PIN still opens it.
                log::warn(std::string("passive: a container kept its seal: ") + error.what());
                continue;
            }
            const auto sealed = sealPrivateKey(pinBytes(newPin), publicPart.keyId, scalar.view());
            scalar.wipe();
            const auto fid = freeFid(taken, PRIVATE_BASE, false);
            taken.entries.push_back({ 0, fid });
            writeVerified(fid, encodePrivate(sealed), ACCESS_USER);
            reseal.replaced.push_back(entry.privateFid);
            entry.privateFid = fid;
        }
    } catch (...) {
        removeFresh(reseal);
        throw;
    }
    return reseal;
}

void PassiveKeyStore::commitReseal(const Reseal& reseal)
{
    if (reseal.replaced.empty()) {
        return;
    }
    const CardPinSession session(_card, _pin);
    commit(reseal.directory);
    for (const auto fid : reseal.replaced) {
        _files.remove(fid);
    }
}

void PassiveKeyStore::abandonReseal(const Reseal& reseal) noexcept
{
    if (reseal.replaced.empty()) {
        return;
    }
    try {
        const CardPinSession session(_card, _pin);
        removeFresh(reseal);
    } catch (const std::exception& error) {
        log::warn(std::string("passive: fresh key parts left behind: ") + error.what());
    }
}

void PassiveKeyStore::removeFresh(const Reseal& reseal) noexcept
{
    // The fresh parts: entries whose private file the committed directory does not name.
    try {
        const auto committed = readDirectory();
        for (const auto& entry : reseal.directory.entries) {
            const bool inUse = std::ranges::any_of(committed.entries,
                [&](const auto& old) { return old.privateFid == entry.privateFid; });
            if (!inUse) {
                _files.remove(entry.privateFid);
            }
        }
    } catch (const std::exception& error) {
        // Leftovers are named by no directory; freeFid removes them before reusing their ids.
        log::warn(std::string("passive: fresh key parts left behind: ") + error.what());
    }
}

} // namespace tokenbridge::modes::passive
