#include "PassiveKeyStore.hpp"

#include "CardPin.hpp"

#include "core/Error.hpp"

// Labels of the passive store: a container's label lives in its public part, rewritten as for a
// certificate (a new file, then the directory, then the old file goes: docs/passive.md).
namespace tokenbridge::modes::passive
{

// A CryptoPro container's name and certificates are CSP's (docs/passive.md), not ours to change.
void PassiveKeyStore::refuseCryptoPro(const std::string& keyId)
{
    if (!_cryptoPro.find(keyId)) {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key with this id", { { "keyId", keyId } });
    }
    throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
        "the key is in a CryptoPro container, whose name and certificates tokenbridge does not "
        "change",
        { { "keyId", keyId } });
}

KeyEntry PassiveKeyStore::setKeyLabel(const std::string& keyId, const std::string& label)
{
    if (label.size() > MAX_LABEL) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "a container's label is at most 64 bytes of UTF-8", { { "param", "label" } });
    }
    auto directory = readDirectory();
    auto own = findOwn(directory, keyId);
    if (!own) {
        refuseCryptoPro(keyId);
    }
    const CardPinSession session(_card, _pin);
    own->publicPart.label = label;
    replacePublicPart(directory, *own);
    return toKeyEntry(own->publicPart);
}

KeyEntry PassiveKeyStore::setCertificateLabel(const std::string& keyId, const std::string&)
{
    const auto slot = findOwn(readDirectory(), keyId);
    if (!slot) {
        refuseCryptoPro(keyId);
    }
    if (!slot->publicPart.certificate) {
        throw RequestError(
            ErrorCode::CERTIFICATE_NOT_FOUND, "the key has no certificate", { { "keyId", keyId } });
    }
    // The certificate sits inside the container's public part, which has one label: the key's.
    throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
        "a passive key's certificate has no label of its own; set the key's label (setKeyLabel)",
        { { "keyId", keyId } });
}

} // namespace tokenbridge::modes::passive
