#include "crypto/PublicKeyEncoding.hpp"

#include "crypto/Der.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/Oids.hpp"
#include "crypto/PublicKey.hpp"
#include "core/Error.hpp"

#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

namespace tokenbridge::crypto
{

namespace
{

    using ParamBldPtr = crypto::OpenSslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
    using ParamPtr = crypto::OpenSslPtr<OSSL_PARAM, OSSL_PARAM_free>;
    using AsnObjectPtr = crypto::OpenSslPtr<ASN1_OBJECT, ASN1_OBJECT_free>;

    [[noreturn]] void badKey(const char* what)
    {
        throw FatalError(std::string("token returned a malformed public key: ") + what);
    }

    Bytes spkiFromParams(const char* keyType, OSSL_PARAM_BLD* builder)
    {
        const ParamPtr params(crypto::check(OSSL_PARAM_BLD_to_param(builder), "OSSL_PARAM_BLD"));
        const crypto::EvpPkeyCtxPtr ctx(crypto::check(
            EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr), "EVP_PKEY_CTX_new_from_name"));
        crypto::check(EVP_PKEY_fromdata_init(ctx.get()), "EVP_PKEY_fromdata_init");
        EVP_PKEY* raw = nullptr;
        if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
            crypto::takeOpenSslError();
            badKey(keyType);
        }
        const crypto::EvpPkeyPtr key(raw);
        return crypto::spkiOf(key.get());
    }

    Bytes ecSpkiOfPoint(int nid, ByteView point)
    {
        const ParamBldPtr builder(crypto::check(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
        crypto::check(OSSL_PARAM_BLD_push_utf8_string(
                          builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, OBJ_nid2sn(nid), 0),
            "OSSL_PARAM_BLD_push_utf8_string");
        crypto::check(OSSL_PARAM_BLD_push_octet_string(
                          builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
            "OSSL_PARAM_BLD_push_octet_string");
        return spkiFromParams("EC", builder.get());
    }

} // namespace

std::string oidFromDer(ByteView derOid)
{
    const auto element = crypto::der::parseSingle(derOid);
    if (element.tag != crypto::der::tag::OID) {
        badKey("parameters are not an OID");
    }
    return crypto::der::oidToString(element.content);
}

Bytes gostSpki(
    crypto::KeyAlgorithm algorithm, std::string_view paramSetOid, ByteView xyLittleEndian)
{
    return crypto::PublicKey::fromGostRaw(algorithm, paramSetOid, xyLittleEndian).spki();
}

Bytes unwrapEcPoint(ByteView attribute)
{
    // A bare uncompressed point starts with 04 too, so decide by whether the DER length fits.
    if (attribute.size() >= 2 && attribute[0] == crypto::der::tag::OCTET_STRING) {
        try {
            const auto element = crypto::der::parseSingle(attribute);
            return Bytes(element.content.begin(), element.content.end());
        } catch (const Error&) {
            // Not DER: a bare point.
        }
    }
    return Bytes(attribute.begin(), attribute.end());
}

Bytes ecSpki(ByteView ecParams, ByteView ecPointAttribute)
{
    const unsigned char* cursor = ecParams.data();
    const AsnObjectPtr curve(d2i_ASN1_OBJECT(nullptr, &cursor, static_cast<long>(ecParams.size())));
    const int nid = curve ? OBJ_obj2nid(curve.get()) : NID_undef;
    if (nid == NID_undef) {
        crypto::takeOpenSslError();
        badKey("CKA_EC_PARAMS is not a named curve");
    }
    // A bare point also reads as a DER OCTET STRING when its first X byte happens to be a
    // length that fits (1 key in 256 on P-256): the DER reading first, as PKCS#11 2.40 has it,
    // then, if that is no point of the curve, the attribute as it is.
    const Bytes unwrapped = unwrapEcPoint(ecPointAttribute);
    if (unwrapped.size() != ecPointAttribute.size()) {
        try {
            return ecSpkiOfPoint(nid, unwrapped);
        } catch (const FatalError&) {
            // Not a point: a bare one that looked like DER.
        }
    }
    return ecSpkiOfPoint(nid, ecPointAttribute);
}

Bytes rsaSpki(ByteView modulus, ByteView exponent)
{
    const crypto::BignumPtr n(BN_bin2bn(modulus.data(), static_cast<int>(modulus.size()), nullptr));
    const crypto::BignumPtr e(
        BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
    if (!n || !e || BN_is_zero(n.get()) || BN_is_zero(e.get())) {
        badKey("RSA modulus/exponent");
    }
    const ParamBldPtr builder(crypto::check(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
    crypto::check(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()), "RSA n");
    crypto::check(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()), "RSA e");
    return spkiFromParams("RSA", builder.get());
}

Bytes keyIdFromSpki(ByteView spki)
{
    const auto fields = crypto::parseSpki(spki);
    Bytes material = fields.keyBits;
    if (fields.algorithmOid == crypto::oid::GOST2012_256
        || fields.algorithmOid == crypto::oid::GOST2012_512) {
        const auto octets = crypto::der::parseSingle(fields.keyBits);
        material.assign(octets.content.begin(), octets.content.end());
    } else if (fields.algorithmOid == crypto::oid::RSA_ENCRYPTION) {
        crypto::der::Reader rsaKey(crypto::der::parseSingle(fields.keyBits).content);
        auto modulus = rsaKey.expect(crypto::der::tag::INTEGER).content;
        while (modulus.size() > 1 && modulus[0] == 0) {
            modulus = modulus.subspan(1); // the DER sign byte is not part of the magnitude
        }
        material.assign(modulus.begin(), modulus.end());
    }
    return crypto::hash(crypto::HashAlgorithm::Sha1, material);
}

bool samePublicKey(ByteView spkiA, ByteView spkiB)
{
    const auto a = crypto::parseSpki(spkiA);
    const auto b = crypto::parseSpki(spkiB);
    return a.algorithmOid == b.algorithmOid && a.keyBits == b.keyBits;
}

} // namespace tokenbridge::crypto
