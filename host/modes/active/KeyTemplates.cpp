#include "KeyTemplates.hpp"

#include "crypto/Der.hpp"
#include "crypto/GostParamSet.hpp"
#include "crypto/Oids.hpp"
#include "core/Error.hpp"

namespace tokenbridge::modes::active
{

namespace
{

    using crypto::KeyAlgorithm;

    constexpr KeyMechanisms KEY_MECHANISMS[] = {
        { KeyAlgorithm::Gost2012_256, CKK_GOSTR3410, CKM_GOSTR3410_KEY_PAIR_GEN, CKM_GOSTR3410,
            "1.2.643.2.2.35.1", "1.2.643.7.1.1.2.2" },
        { KeyAlgorithm::Gost2012_512, CKK_GOSTR3410_512, CKM_GOSTR3410_512_KEY_PAIR_GEN,
            CKM_GOSTR3410_512, "1.2.643.7.1.2.1.2.1", "1.2.643.7.1.1.2.3" },
        { KeyAlgorithm::EcdsaP256, CKK_EC, CKM_EC_KEY_PAIR_GEN, CKM_ECDSA, "", "" },
        { KeyAlgorithm::Rsa, CKK_RSA, CKM_RSA_PKCS_KEY_PAIR_GEN, CKM_RSA_PKCS, "", "" },
    };

    constexpr std::uint8_t RSA_F4[] = { 0x01, 0x00, 0x01 };

    bool isGost(KeyAlgorithm algorithm)
    {
        return algorithm == KeyAlgorithm::Gost2012_256 || algorithm == KeyAlgorithm::Gost2012_512;
    }

} // namespace

const KeyMechanisms& keyMechanisms(KeyAlgorithm algorithm)
{
    for (const auto& entry : KEY_MECHANISMS) {
        if (entry.algorithm == algorithm) {
            return entry;
        }
    }
    throw FatalError("no PKCS#11 mechanisms for this key algorithm");
}

const KeyMechanisms* findKeyMechanisms(CK_KEY_TYPE keyType)
{
    for (const auto& entry : KEY_MECHANISMS) {
        if (entry.keyType == keyType) {
            return &entry;
        }
    }
    return nullptr;
}

std::string gostParamSetFor(const KeyGenSpec& spec)
{
    const auto& mechanisms = keyMechanisms(spec.algorithm);
    const std::string oid = spec.gostParamSetOid.empty() ? std::string(mechanisms.defaultParamSet)
                                                         : spec.gostParamSetOid;
    const auto* paramSet = crypto::findGostParamSetByOid(oid);
    if (paramSet == nullptr || paramSet->algorithm != spec.algorithm) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "unknown GOST parameter set for this key size", { { "param", "paramSet" } });
    }
    return oid;
}

KeyGenTemplates keyGenTemplates(const KeyGenSpec& spec, ByteView id)
{
    const auto& mechanisms = keyMechanisms(spec.algorithm);
    KeyGenTemplates templates;
    templates.mechanism = mechanisms.generate;
    auto& pub = templates.publicKey;
    auto& priv = templates.privateKey;
    pub.addUlong(CKA_CLASS, CKO_PUBLIC_KEY)
        .addUlong(CKA_KEY_TYPE, mechanisms.keyType)
        .addBool(CKA_TOKEN, true)
        .addBool(CKA_PRIVATE, false)
        .addBool(CKA_VERIFY, true)
        .addText(CKA_LABEL, spec.label)
        .add(CKA_ID, id);
    priv.addUlong(CKA_CLASS, CKO_PRIVATE_KEY)
        .addUlong(CKA_KEY_TYPE, mechanisms.keyType)
        .addBool(CKA_TOKEN, true)
        .addBool(CKA_PRIVATE, true)
        .addBool(CKA_SENSITIVE, true)
        .addBool(CKA_EXTRACTABLE, false)
        .addBool(CKA_SIGN, true)
        .addText(CKA_LABEL, spec.label)
        .add(CKA_ID, id);
    if (isGost(spec.algorithm)) {
        // Both halves carry the domain parameters, as Aktiv's samples do (some tokens need them
        // on the private template too).
        const auto paramSet = crypto::der::oid(gostParamSetFor(spec));
        const auto digest = crypto::der::oid(mechanisms.digestParamSet);
        for (auto* half : { &pub, &priv }) {
            half->add(CKA_GOSTR3410_PARAMS, paramSet).add(CKA_GOSTR3411_PARAMS, digest);
        }
    } else if (spec.algorithm == KeyAlgorithm::EcdsaP256) {
        pub.add(CKA_EC_PARAMS, crypto::der::oid(crypto::oid::PRIME256V1));
    } else {
        pub.addUlong(CKA_MODULUS_BITS, spec.rsaBits).add(CKA_PUBLIC_EXPONENT, RSA_F4);
    }
    return templates;
}

} // namespace tokenbridge::modes::active
