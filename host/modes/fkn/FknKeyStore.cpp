#include "FknKeyStore.hpp"

#include "FknKeyAgreement.hpp"
#include "FknSigner.hpp"
#include "KeyApdus.hpp"
#include "ObjectTlv.hpp"
#include "TokenKeys.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/Der.hpp"
#include "crypto/GostParamSet.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <openssl/x509.h>

namespace tokenbridge::modes::fkn
{

using namespace tokenbridge::fkn; // the FKN engine: APDU constants, sessions, the channel

namespace
{

    [[noreturn]] void keyNotFound()
    {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no FKN key with this id on the token");
    }

    CardObject requireFknKey(TokenKeys& keys, const std::string& keyId)
    {
        auto key = keys.keyPair(keyId);
        if (!key || !key->fkn) {
            keyNotFound();
        }
        return *key;
    }

    // The attributes libvtoken-pkcs11.so gives a certificate object (docs/vtoken.md), so the
    // active path sees the same certificate.
    Attributes certificateAttributes(const crypto::CertificateInfo& info, const std::string& keyId)
    {
        const auto x509 = crypto::loadX509(info.der);
        return {
            { TAG_LABEL, {} }, { TAG_ID, fromHex(keyId) }, { TAG_VALUE, info.der },
            { TAG_SUBJECT,
                crypto::toDer(X509_get_subject_name(x509.get()), i2d_X509_NAME, "subject") },
            { TAG_ISSUER,
                crypto::toDer(X509_get_issuer_name(x509.get()), i2d_X509_NAME, "issuer") },
            { TAG_SERIAL,
                crypto::toDer(X509_get0_serialNumber(x509.get()), i2d_ASN1_INTEGER, "serial") },
            { TAG_CATEGORY, { 0x01 } }, // token user: it certifies a key on this token
        };
    }

    modes::KeyEntry describe(TokenKeys& keys, const std::string& keyId)
    {
        const auto objects = keys.objects();
        for (const auto& object : objects) {
            if (object.kind == KIND_KEY_PAIR && object.fkn && sameKeyId(keyIdOf(object), keyId)) {
                // Inside the session already: the token's own word on the key, not the marker.
                auto entry = entryOf(object, objects);
                applyKeyAttributes(entry, keys.attributesOf(object));
                return entry;
            }
        }
        keyNotFound();
    }

    // Inside an open session: the certificates stored for the key (the key stays).
    void deleteCertificatesOf(TokenKeys& keys, const CardObject& key)
    {
        for (const auto& certificate : keys.certificatesOf(keyIdOf(key))) {
            keys.run(deleteObjectCommand(certificate.ref));
        }
    }

} // namespace

FknKeyStore::FknKeyStore(Transmit transmit, const security::PinBuffer* pin, ScalarSource scalars) :
    _transmit(std::move(transmit)), _pin(pin), _scalars(std::move(scalars))
{
}

ByteView FknKeyStore::pin() const
{
    return requireUserPin(_transmit, _pin);
}

std::vector<modes::KeyEntry> FknKeyStore::listKeys()
{
    std::vector<modes::KeyEntry> out;
    TokenKeys keys(_transmit);
    const auto objects = keys.objects();
    for (const auto& object : objects) {
        if (object.kind == KIND_KEY_PAIR && object.fkn) {
            out.push_back(entryOf(object, objects));
        }
    }
    return out;
}

modes::KeyEntry FknKeyStore::findKey(const std::string& keyId)
{
    for (auto& key : listKeys()) {
        if (sameKeyId(key.keyId, keyId)) {
            return key;
        }
    }
    keyNotFound();
}

bool FknKeyStore::holds(const std::string& keyId)
{
    for (const auto& key : listKeys()) {
        if (sameKeyId(key.keyId, keyId)) {
            return true;
        }
    }
    return false;
}

modes::KeyEntry FknKeyStore::generateKey(const modes::GenerateKeyRequest& request)
{
    if (request.exportable) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "FKN keys are generated on the token and cannot be exportable",
            { { "param", "exportable" } });
    }
    const std::string engineName = request.paramSet.empty() ? "A" : request.paramSet;
    const auto paramSetOid =
        std::string(crypto::findGostParamSet(request.algorithm, engineName).oid);
    const auto digestParamSet =
        crypto::hashInfo(crypto::keyAlgorithmInfo(request.algorithm).digest).oid;
    const std::uint8_t algorithm =
        request.algorithm == crypto::KeyAlgorithm::Gost2012_512 ? ALG_GOST_512 : ALG_GOST_256;
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    // Sent inside the channel: this is what makes the token mark the key FKN.
    const auto answer = keys.run(generateKeyPairCommand(algorithm, crypto::der::oid(paramSetOid),
        crypto::der::oid(digestParamSet),
        { { TAG_LABEL, Bytes(request.label.begin(), request.label.end()) } }));
    const std::uint8_t ref = parseNewReference(answer);
    try {
        CardObject generated = parseObject(ref, keys.run(readObjectCommand(ref)));
        generated.attributes.erase(TAG_ID);
        const std::string keyId = keyIdOf(generated); // SHA-1 of the public key
        keys.run(setAttributesCommand(ref, { { TAG_ID, fromHex(keyId) } }));
        return describe(keys, keyId);
    } catch (const Error&) {
        // Do not leave a key without its id behind (best effort: the channel may be dead).
        try {
            keys.run(deleteObjectCommand(ref));
        } catch (const Error&) {
        }
        throw;
    }
}

modes::KeyEntry FknKeyStore::importCertificate(ByteView certificateDer)
{
    const auto info = crypto::parseCertificate(certificateDer);
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    const auto objects = keys.objects();
    for (const auto& object : objects) {
        if (object.kind != KIND_KEY_PAIR || !object.fkn
            || !crypto::samePublicKey(spkiOf(object), info.spki)) {
            continue;
        }
        const std::string keyId = keyIdOf(object);
        const bool stored = std::any_of(objects.begin(), objects.end(), [&](const auto& o) {
            return o.kind == KIND_DATA && o.attribute(TAG_VALUE) == info.der
                && sameKeyId(toHex(o.attribute(TAG_ID)), keyId);
        });
        if (!stored) {
            parseNewReference(
                keys.run(createDataObjectCommand(certificateAttributes(info, keyId))));
        }
        return describe(keys, keyId);
    }
    throw RequestError(ErrorCode::KEY_NOT_FOUND, "no FKN key on the token matches the certificate");
}

std::unique_ptr<crypto::Signer> FknKeyStore::signer(const modes::KeyEntry& key)
{
    return std::make_unique<FknSigner>(
        _transmit, pin(), _scalars, key.keyId, key.algorithm, key.publicKeySpki);
}

std::unique_ptr<crypto::KeyAgreement> FknKeyStore::keyAgreement(const modes::KeyEntry& key)
{
    return std::make_unique<FknKeyAgreement>(_transmit, pin(), _scalars, key.keyId, key.algorithm);
}

void FknKeyStore::deleteKey(const std::string& keyId)
{
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    const auto key = requireFknKey(keys, keyId);
    deleteCertificatesOf(keys, key);
    keys.run(deleteObjectCommand(key.ref));
}

void FknKeyStore::deleteCertificate(const std::string& keyId)
{
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    deleteCertificatesOf(keys, requireFknKey(keys, keyId));
}

// Labels are the objects' C1 fields, set inside the FKN session like everything else of an FKN
// key (the token refuses plain commands on it).
modes::KeyEntry FknKeyStore::setKeyLabel(const std::string& keyId, const std::string& label)
{
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    const auto key = requireFknKey(keys, keyId);
    keys.run(setAttributesCommand(key.ref, { { TAG_LABEL, Bytes(label.begin(), label.end()) } }));
    return describe(keys, keyId);
}

modes::KeyEntry FknKeyStore::setCertificateLabel(const std::string& keyId, const std::string& label)
{
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    const auto key = requireFknKey(keys, keyId);
    const auto certificates = keys.certificatesOf(keyIdOf(key));
    if (certificates.empty()) {
        throw RequestError(
            ErrorCode::CERTIFICATE_NOT_FOUND, "the key has no certificate", { { "keyId", keyId } });
    }
    for (const auto& certificate : certificates) {
        keys.run(setAttributesCommand(
            certificate.ref, { { TAG_LABEL, Bytes(label.begin(), label.end()) } }));
    }
    return describe(keys, keyId);
}

void applyKeyAttributes(modes::KeyEntry& entry, const KeyAttributes& attributes)
{
    entry.mode = attributes.fkn ? Mode::Fkn : Mode::ActivePkcs11;
    entry.extractable = attributes.extractable ? Extractable::Yes : Extractable::No;
    entry.extractableFrom = ExtractableSource::FknSession;
}

KeyAttributes FknKeyStore::readKeyAttributes(const std::string& keyId)
{
    TokenKeys keys(_transmit);
    keys.openSession(pin(), _scalars);
    return keys.attributesOf(requireFknKey(keys, keyId));
}

} // namespace tokenbridge::modes::fkn
