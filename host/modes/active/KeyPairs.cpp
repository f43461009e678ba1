#include "KeyPairs.hpp"

#include "CkrError.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "Session.hpp"
#include "crypto/Der.hpp"
#include "crypto/Oids.hpp"
#include "core/Error.hpp"
#include "core/Log.hpp"

#include <openssl/rand.h>

namespace tokenbridge::modes::active
{

namespace
{

    using crypto::KeyAlgorithm;

    std::vector<CK_OBJECT_HANDLE> objectsWithId(
        Session& session, CK_OBJECT_CLASS objectClass, ByteView id)
    {
        AttributeTemplate filter;
        filter.addUlong(CKA_CLASS, objectClass).add(CKA_ID, id);
        return session.findObjects(filter);
    }

    // The key algorithm of a private key, or nullopt for types/curves we do not handle.
    std::optional<KeyAlgorithm> keyAlgorithmOf(Session& session, CK_OBJECT_HANDLE key)
    {
        const auto keyType = session.ulongAttribute(key, CKA_KEY_TYPE);
        const auto* mechanisms = keyType ? findKeyMechanisms(*keyType) : nullptr;
        if (mechanisms == nullptr) {
            return std::nullopt;
        }
        if (mechanisms->algorithm == KeyAlgorithm::EcdsaP256) {
            const auto params = session.attribute(key, CKA_EC_PARAMS);
            if (!params || *params != crypto::der::oid(crypto::oid::PRIME256V1)) {
                return std::nullopt;
            }
        }
        return mechanisms->algorithm;
    }

    // SPKI from a public key object (or, for RSA, from the private key's public attributes).
    Bytes readSpki(Session& session, const KeyPair& pair)
    {
        const auto source = pair.publicKey.value_or(pair.privateKey);
        switch (pair.algorithm) {
        case KeyAlgorithm::Gost2012_256:
        case KeyAlgorithm::Gost2012_512: {
            const auto value = pair.publicKey ? session.attribute(source, CKA_VALUE) : std::nullopt;
            return value && !pair.paramSetOid.empty()
                ? crypto::gostSpki(pair.algorithm, pair.paramSetOid, *value)
                : Bytes {};
        }
        case KeyAlgorithm::EcdsaP256: {
            const auto point = session.attribute(source, CKA_EC_POINT);
            return point ? crypto::ecSpki(crypto::der::oid(crypto::oid::PRIME256V1), *point)
                         : Bytes {};
        }
        case KeyAlgorithm::Rsa: {
            const auto modulus = session.attribute(source, CKA_MODULUS);
            const auto exponent = session.attribute(source, CKA_PUBLIC_EXPONENT);
            return modulus && exponent ? crypto::rsaSpki(*modulus, *exponent) : Bytes {};
        }
        }
        return {};
    }

    // The pair's id, label, GOST parameters and SPKI, read from `key` (its private or, without
    // one, its public key) and its public key.
    void describe(Session& session, KeyPair& pair, CK_OBJECT_HANDLE key)
    {
        pair.id = session.attribute(key, CKA_ID).value_or(Bytes {});
        const auto label = session.attribute(key, CKA_LABEL).value_or(Bytes {});
        pair.label.assign(label.begin(), label.end());
        if (!pair.publicKey && !pair.id.empty()) {
            const auto publics = objectsWithId(session, CKO_PUBLIC_KEY, pair.id);
            if (!publics.empty()) {
                pair.publicKey = publics.front();
            }
        }
        if (pair.algorithm == KeyAlgorithm::Gost2012_256
            || pair.algorithm == KeyAlgorithm::Gost2012_512) {
            const auto params =
                session.attribute(pair.publicKey.value_or(key), CKA_GOSTR3410_PARAMS);
            pair.paramSetOid = params ? crypto::oidFromDer(*params) : std::string {};
        }
        pair.spki = readSpki(session, pair);
    }

    std::optional<KeyPair> describePrivateKey(Session& session, CK_OBJECT_HANDLE key)
    {
        const auto algorithm = keyAlgorithmOf(session, key);
        if (!algorithm) {
            return std::nullopt;
        }
        KeyPair pair;
        pair.privateKey = key;
        pair.algorithm = *algorithm;
        describe(session, pair, key);
        return pair;
    }

    Bytes randomId()
    {
        Bytes id(20);
        if (RAND_bytes(id.data(), static_cast<int>(id.size())) != 1) {
            throw FatalError("RAND_bytes failed");
        }
        return id;
    }

    // Sets CKA_ID = keyIdFromSpki on both halves. A token that refuses to change CKA_ID keeps
    // the random one (the pair stays tied), which is logged, not fatal.
    Bytes assignDerivedId(Session& session, const KeyPair& pair, const Bytes& fallback)
    {
        const Bytes id = crypto::keyIdFromSpki(pair.spki);
        AttributeTemplate newId;
        newId.add(CKA_ID, id);
        try {
            session.setAttributes(*pair.publicKey, newId);
            session.setAttributes(pair.privateKey, newId);
            return id;
        } catch (const Error& error) {
            log::warn(std::string("token kept the random CKA_ID of a new key: ") + error.what());
            AttributeTemplate old;
            old.add(CKA_ID, fallback);
            session.api()->C_SetAttributeValue(
                session.handle(), *pair.publicKey, old.data(), old.size());
            return fallback;
        }
    }

} // namespace

std::vector<KeyPair> listKeyPairs(Session& session)
{
    AttributeTemplate filter;
    filter.addUlong(CKA_CLASS, CKO_PRIVATE_KEY);
    std::vector<KeyPair> pairs;
    for (const auto key : session.findObjects(filter)) {
        if (auto pair = describePrivateKey(session, key)) {
            pairs.push_back(std::move(*pair));
        }
    }
    return pairs;
}

std::vector<KeyPair> listPublicKeys(Session& session)
{
    AttributeTemplate filter;
    filter.addUlong(CKA_CLASS, CKO_PUBLIC_KEY);
    std::vector<KeyPair> pairs;
    for (const auto key : session.findObjects(filter)) {
        const auto algorithm = keyAlgorithmOf(session, key);
        if (!algorithm) {
            continue;
        }
        KeyPair pair;
        pair.algorithm = *algorithm;
        pair.publicKey = key;
        describe(session, pair, key);
        if (!pair.spki.empty()) {
            pairs.push_back(std::move(pair));
        }
    }
    return pairs;
}

std::optional<KeyPair> findKeyPair(Session& session, ByteView id)
{
    for (const auto key : objectsWithId(session, CKO_PRIVATE_KEY, id)) {
        if (auto pair = describePrivateKey(session, key)) {
            return pair;
        }
    }
    return std::nullopt;
}

std::optional<KeyPair> findKeyPairBySpki(Session& session, ByteView spki)
{
    for (auto& pair : listKeyPairs(session)) {
        if (!pair.spki.empty() && crypto::samePublicKey(pair.spki, spki)) {
            return std::move(pair);
        }
    }
    return std::nullopt;
}

KeyPair generateKeyPair(Session& session, const KeyGenSpec& spec)
{
    // A random CKA_ID ties the halves until the public key (and so the real ID) is known.
    const Bytes temporaryId = randomId();
    auto templates = keyGenTemplates(spec, temporaryId);
    CK_MECHANISM mechanism { templates.mechanism, nullptr, 0 };
    CK_OBJECT_HANDLE publicKey = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateKey = CK_INVALID_HANDLE;
    checkCkr("C_GenerateKeyPair",
        session.api()->C_GenerateKeyPair(session.handle(), &mechanism, templates.publicKey.data(),
            templates.publicKey.size(), templates.privateKey.data(), templates.privateKey.size(),
            &publicKey, &privateKey));

    KeyPair pair;
    pair.algorithm = spec.algorithm;
    pair.label = spec.label;
    pair.privateKey = privateKey;
    pair.publicKey = publicKey;
    pair.id = temporaryId;
    try {
        if (spec.algorithm == KeyAlgorithm::Gost2012_256
            || spec.algorithm == KeyAlgorithm::Gost2012_512) {
            pair.paramSetOid = gostParamSetFor(spec);
        }
        pair.spki = readSpki(session, pair);
        if (pair.spki.empty()) {
            throw FatalError("the token did not return the generated public key");
        }
        pair.id = assignDerivedId(session, pair, temporaryId);
    } catch (...) {
        // Do not leave a half-described key pair behind.
        session.api()->C_DestroyObject(session.handle(), privateKey);
        session.api()->C_DestroyObject(session.handle(), publicKey);
        throw;
    }
    return pair;
}

void destroyKeyPair(Session& session, ByteView id)
{
    const auto privates = objectsWithId(session, CKO_PRIVATE_KEY, id);
    if (privates.empty()) {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no private key with this id");
    }
    for (const auto objectClass : { CKO_CERTIFICATE, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY }) {
        for (const auto object : objectsWithId(session, objectClass, id)) {
            session.destroyObject(object);
        }
    }
}

} // namespace tokenbridge::modes::active
