#include "PassiveKeyStore.hpp"

#include "CardPin.hpp"
#include "KeySealing.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/GostParamSet.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/PublicKey.hpp"
#include "crypto/SoftwareKeyAgreement.hpp"
#include "crypto/SoftwareSigner.hpp"
#include "core/Error.hpp"
#include "core/Log.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>
#include <iterator>
#include <ctime>

namespace tokenbridge::modes::passive
{

namespace
{

    Bytes keyIdOf(ByteView spki)
    {
        auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, spki);
        digest.resize(KEY_ID_SIZE);
        return digest;
    }

    [[noreturn]] void keyNotFound(const std::string& keyId)
    {
        throw RequestError(
            ErrorCode::KEY_NOT_FOUND, "no key " + keyId + " on the token", { { "keyId", keyId } });
    }

} // namespace

// Same curve point, whatever optional parameters the two encodings carry.
bool samePublicKey(ByteView a, ByteView b)
{
    const auto left = crypto::parseSpki(a);
    const auto right = crypto::parseSpki(b);
    return left.algorithmOid == right.algorithmOid && left.paramSetOid == right.paramSetOid
        && left.keyBits == right.keyBits;
}

KeyEntry toKeyEntry(const PublicPart& part)
{
    KeyEntry entry;
    entry.keyId = toHex(part.keyId);
    entry.mode = Mode::Passive;
    entry.extractable = Extractable::Yes; // the host decrypts it to use it
    entry.extractableFrom = ExtractableSource::PassiveMode;
    entry.exportable = part.exportable;
    entry.container = ContainerFormat::Tokenbridge;
    entry.algorithm = part.algorithm;
    entry.paramSetOid = part.paramSetOid;
    entry.label = part.label;
    entry.created = static_cast<std::time_t>(part.created);
    entry.publicKeySpki = part.spki;
    entry.certificate = part.certificate;
    return entry;
}

PassiveKeyStore::PassiveKeyStore(pcsc::Card& card, const security::PinBuffer* pin,
    const FilePath& cryptoProRoot, const security::PinBuffer* containerPassword) :
    _card(card),
    _pin(pin), _files(card, CONTAINER_DF), _cryptoPro(card, cryptoProRoot, pin, containerPassword)
{
}

Directory PassiveKeyStore::readDirectory()
{
    if (!_files.selectDf()) {
        return {};
    }
    const auto bytes = _files.readPublic(DIRECTORY_EF);
    return bytes ? decodeDirectory(*bytes) : Directory {};
}

std::vector<PassiveKeyStore::Slot> PassiveKeyStore::readSlots(const Directory& directory)
{
    std::vector<Slot> slots;
    for (const auto& entry : directory.entries) {
        const auto bytes = _files.readPublic(entry.publicFid);
        if (!bytes) {
            log::warn("passive: a directory entry names a missing file; skipped");
            continue;
        }
        try {
            slots.push_back({ entry, decodePublic(*bytes) });
        } catch (const Error& error) {
            // One damaged container must not hide the others.
            log::warn(std::string("passive: skipped a container: ") + error.what());
        }
    }
    return slots;
}

std::optional<PassiveKeyStore::Slot> PassiveKeyStore::findOwn(
    const Directory& directory, const std::string& keyId)
{
    for (auto& slot : readSlots(directory)) {
        if (toHex(slot.publicPart.keyId) == keyId) {
            return slot;
        }
    }
    return std::nullopt;
}

PassiveKeyStore::Slot PassiveKeyStore::findSlot(
    const Directory& directory, const std::string& keyId)
{
    auto slot = findOwn(directory, keyId);
    if (!slot) {
        keyNotFound(keyId);
    }
    return std::move(*slot);
}

std::vector<KeyEntry> PassiveKeyStore::listKeys()
{
    std::vector<KeyEntry> keys;
    for (const auto& slot : readSlots(readDirectory())) {
        keys.push_back(toKeyEntry(slot.publicPart));
    }
    std::ranges::move(_cryptoPro.list(), std::back_inserter(keys));
    return keys;
}

KeyEntry PassiveKeyStore::findKey(const std::string& keyId)
{
    if (auto slot = findOwn(readDirectory(), keyId)) {
        return toKeyEntry(slot->publicPart);
    }
    if (auto entry = _cryptoPro.find(keyId)) {
        return std::move(*entry);
    }
    keyNotFound(keyId);
}

void PassiveKeyStore::prepareForWriting()
{
    _files.ensureDf(ACCESS_ALWAYS, ACCESS_USER);
    if (!_files.exists(DIRECTORY_EF)) {
        _files.create(DIRECTORY_EF, DIRECTORY_SIZE, ACCESS_ALWAYS, ACCESS_USER);
    }
}

std::uint16_t PassiveKeyStore::freeFid(
    const Directory& directory, std::uint16_t base, bool isPublic)
{
    for (std::uint16_t n = 0; n < 0x100; ++n) {
        const std::uint16_t fid = base | n;
        const bool used =
            std::any_of(directory.entries.begin(), directory.entries.end(), [&](const auto& entry) {
                return (isPublic ? entry.publicFid : entry.privateFid) == fid;
            });
        if (!used) {
            // A leftover of an interrupted write: the directory does not name it.
            _files.remove(fid);
            return fid;
        }
    }
    throw CardError("no free container file id on the token");
}

void PassiveKeyStore::writeVerified(std::uint16_t fid, ByteView data, std::uint8_t readAccess)
{
    _files.create(fid, data.size(), readAccess, ACCESS_USER);
    _files.write(fid, data);
    const auto back = _files.read(fid);
    if (!back || !std::equal(back->begin(), back->end(), data.begin(), data.end())) {
        throw CardError("the token did not keep what was written; nothing was changed");
    }
}

void PassiveKeyStore::commit(Directory directory)
{
    directory.generation += 1;
    _files.write(DIRECTORY_EF, encodeDirectory(directory));
}

KeyEntry PassiveKeyStore::generateKey(const GenerateKeyRequest& request)
{
    const auto& paramSet = crypto::findGostParamSet(
        request.algorithm, request.paramSet.empty() ? "A" : request.paramSet);
    const CardPinSession session(_card, _pin);
    prepareForWriting();
    auto directory = readDirectory();
    if (directory.entries.size() >= DIRECTORY_MAX_ENTRIES) {
        throw CardError("the token already holds the maximum of 32 containers");
    }
    const auto key = crypto::PrivateKey::generate(request.algorithm, paramSet.engineName);
    PublicPart publicPart;
    publicPart.algorithm = request.algorithm;
    publicPart.paramSetOid = std::string(paramSet.oid);
    publicPart.label = request.label.substr(0, MAX_LABEL);
    publicPart.created = static_cast<std::int64_t>(std::time(nullptr));
    publicPart.exportable = request.exportable;
    publicPart.spki = key.publicKey().spki();
    publicPart.keyId = keyIdOf(publicPart.spki);
    const auto raw = key.toRaw();
    const auto privatePart =
        sealPrivateKey(asBytes(_pin->view()), publicPart.keyId, raw.scalarLittleEndian.view());

    const DirectoryEntry entry { freeFid(directory, PUBLIC_BASE, true),
        freeFid(directory, PRIVATE_BASE, false) };
    writeVerified(entry.publicFid, encodePublic(publicPart), ACCESS_ALWAYS);
    writeVerified(entry.privateFid, encodePrivate(privatePart), ACCESS_USER);
    directory.entries.push_back(entry);
    commit(directory);
    return toKeyEntry(publicPart);
}

crypto::SecureBuffer PassiveKeyStore::decryptKey(const Slot& slot)
{
    const CardPinSession session(_card, _pin);
    const auto bytes = _files.read(slot.entry.privateFid);
    if (!bytes) {
        throw RequestError(ErrorCode::CONTAINER_CORRUPTED,
            "the key container on the token is damaged: its private part is missing");
    }
    return openPrivateKey(asBytes(_pin->view()), slot.publicPart.keyId, decodePrivate(*bytes));
}

std::unique_ptr<crypto::Signer> PassiveKeyStore::signer(const KeyEntry& entry)
{
    if (entry.container == ContainerFormat::CryptoPro) {
        return _cryptoPro.signer(entry.keyId);
    }
    const auto slot = findSlot(readDirectory(), entry.keyId);
    crypto::RawPrivateKey raw { slot.publicPart.algorithm, slot.publicPart.paramSetOid,
        decryptKey(slot) };
    auto key = crypto::PrivateKey::fromRaw(raw);
    raw.scalarLittleEndian.wipe();
    if (!samePublicKey(key.publicKey().spki(), slot.publicPart.spki)) {
        throw RequestError(ErrorCode::CONTAINER_CORRUPTED,
            "the key container on the token is damaged: the key does not match its public key");
    }
    return std::make_unique<crypto::SoftwareSigner>(std::move(key));
}

// The same decrypted key as signer(), for KEG in host memory (wiped with the agreement).
std::unique_ptr<crypto::KeyAgreement> PassiveKeyStore::keyAgreement(const KeyEntry& entry)
{
    const auto signer = this->signer(entry);
    const auto& key = dynamic_cast<const crypto::SoftwareSigner&>(*signer).key();
    return std::make_unique<crypto::SoftwareKeyAgreement>(
        crypto::PrivateKey::fromDer(key.toDer().view()));
}

crypto::SecureBuffer PassiveKeyStore::exportKey(const std::string& keyId)
{
    const auto own = findOwn(readDirectory(), keyId);
    if (!own) {
        return _cryptoPro.exportKey(keyId);
    }
    const auto& slot = *own;
    if (!slot.publicPart.exportable) {
        throw RequestError(ErrorCode::NOT_EXPORTABLE, "the key was created as not exportable",
            { { "keyId", keyId } });
    }
    const crypto::RawPrivateKey raw { slot.publicPart.algorithm, slot.publicPart.paramSetOid,
        decryptKey(slot) };
    return crypto::PrivateKey::fromRaw(raw).toPem();
}

void PassiveKeyStore::deleteKey(const std::string& keyId)
{
    auto directory = readDirectory();
    const auto own = findOwn(directory, keyId);
    if (!own) {
        _cryptoPro.remove(keyId);
        return;
    }
    const auto& slot = *own;
    const CardPinSession session(_card, _pin);
    std::erase_if(directory.entries,
        [&](const auto& entry) { return entry.publicFid == slot.entry.publicFid; });
    commit(directory);
    _files.remove(slot.entry.publicFid);
    _files.remove(slot.entry.privateFid);
}

KeyEntry PassiveKeyStore::importContainer(const CryptoProFiles& files)
{
    return _cryptoPro.import(files);
}

} // namespace tokenbridge::modes::passive
