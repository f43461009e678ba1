#include "PassiveKeyStore.hpp"

#include "CardPin.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"

// The certificate half of the passive store: a certificate lives in the public part of our own
// containers; a CryptoPro container's certificates are CSP's (docs/passive.md).
namespace tokenbridge::modes::passive
{

namespace
{

    // A CryptoPro header is CSP's: its certificates are not ours to rewrite (docs/passive.md).
    [[noreturn]] void refuseCryptoProCertificate()
    {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "the key is in a CryptoPro container, whose certificates tokenbridge does not change; "
            "import the container with its certificate instead");
    }

} // namespace

KeyEntry PassiveKeyStore::importCertificate(ByteView certificateDer)
{
    const auto certificate = crypto::parseCertificate(certificateDer);
    auto directory = readDirectory();
    for (auto& slot : readSlots(directory)) {
        if (!samePublicKey(slot.publicPart.spki, certificate.spki)) {
            continue;
        }
        const CardPinSession session(_card, _pin);
        slot.publicPart.certificate = certificate.der;
        replacePublicPart(directory, slot);
        return toKeyEntry(slot.publicPart);
    }
    if (_cryptoPro.findByPublicKey(certificate.spki)) {
        refuseCryptoProCertificate();
    }
    throw RequestError(
        ErrorCode::KEY_NOT_FOUND, "no key on the token matches the certificate's public key");
}

void PassiveKeyStore::deleteCertificate(const std::string& keyId)
{
    auto directory = readDirectory();
    auto own = findOwn(directory, keyId);
    if (!own && _cryptoPro.find(keyId)) {
        refuseCryptoProCertificate();
    }
    auto slot = findSlot(directory, keyId);
    if (!slot.publicPart.certificate) {
        throw RequestError(
            ErrorCode::CERTIFICATE_NOT_FOUND, "the key has no certificate", { { "keyId", keyId } });
    }
    const CardPinSession session(_card, _pin);
    slot.publicPart.certificate.reset();
    replacePublicPart(directory, slot);
}

// The new public part goes to a new file and the directory names it before the old file goes, so
// a pulled token keeps one complete public part (docs/passive.md).
void PassiveKeyStore::replacePublicPart(Directory& directory, const Slot& slot)
{
    const auto newFid = freeFid(directory, PUBLIC_BASE, true);
    writeVerified(newFid, encodePublic(slot.publicPart), ACCESS_ALWAYS);
    for (auto& entry : directory.entries) {
        if (entry.publicFid == slot.entry.publicFid) {
            entry.publicFid = newFid;
        }
    }
    commit(directory);
    _files.remove(slot.entry.publicFid);
}

} // namespace tokenbridge::modes::passive
