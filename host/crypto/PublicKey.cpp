#include "PublicKey.hpp"

#include "Der.hpp"
#include "GostEngine.hpp"
#include "GostParamSet.hpp"
#include "Oids.hpp"

#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>

namespace tokenbridge::crypto
{

KeyAlgorithm detectKeyAlgorithm(EVP_PKEY* key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case NID_id_GostR3410_2012_256:
        return KeyAlgorithm::Gost2012_256;
    case NID_id_GostR3410_2012_512:
        return KeyAlgorithm::Gost2012_512;
    case EVP_PKEY_RSA:
        return KeyAlgorithm::Rsa;
    case EVP_PKEY_EC: {
        char group[64] = {};
        if (EVP_PKEY_get_group_name(key, group, sizeof group, nullptr) == 1
            && (std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0)) {
            return KeyAlgorithm::EcdsaP256;
        }
        break;
    }
    default:
        break;
    }
    throw RequestError(ErrorCode::INVALID_PARAMS, "unsupported key algorithm");
}

Bytes spkiOf(EVP_PKEY* key)
{
    return toDer(key, i2d_PUBKEY, "i2d_PUBKEY");
}

SpkiFields parseSpki(ByteView spkiDer)
{
    der::Reader top(der::parseSingle(spkiDer).content);
    der::Reader algorithm(top.expect(der::tag::SEQUENCE).content);
    SpkiFields fields;
    fields.algorithmOid = der::oidToString(algorithm.expect(der::tag::OID).content);
    der::Element params;
    if (algorithm.nextIf(der::tag::SEQUENCE, params)) {
        der::Reader gostParams(params.content);
        fields.paramSetOid = der::oidToString(gostParams.expect(der::tag::OID).content);
    } else if (algorithm.nextIf(der::tag::OID, params)) {
        fields.paramSetOid = der::oidToString(params.content);
    }
    const auto bits = top.expect(der::tag::BIT_STRING).content;
    if (bits.empty()) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "empty public key");
    }
    fields.keyBits.assign(bits.begin() + 1, bits.end());
    return fields;
}

PublicKey::PublicKey(EvpPkeyPtr key) : _key(std::move(key))
{
    check(_key.get(), "PublicKey: null key");
}

PublicKey PublicKey::fromSpki(ByteView spkiDer)
{
    ensureGostEngine();
    const unsigned char* cursor = spkiDer.data();
    EvpPkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(spkiDer.size())));
    if (!key) {
        throwOpenSslInputError("invalid SubjectPublicKeyInfo");
    }
    detectKeyAlgorithm(key.get());
    return PublicKey(std::move(key));
}

PublicKey PublicKey::fromGostRaw(
    KeyAlgorithm algorithm, std::string_view paramSetOid, ByteView xyLittleEndian)
{
    const auto* paramSet = findGostParamSetByOid(paramSetOid);
    const std::size_t expected = algorithm == KeyAlgorithm::Gost2012_256 ? 64 : 128;
    if (paramSet == nullptr || paramSet->algorithm != algorithm
        || xyLittleEndian.size() != expected) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "invalid GOST public key parameters");
    }
    std::vector<Bytes> params { der::oid(paramSet->oid) };
    if (paramSet->spkiDigestParam) {
        params.push_back(der::oid(hashInfo(HashAlgorithm::Streebog256).oid));
    }
    const Bytes spki = der::sequence({
        der::sequence({ der::oid(keyAlgorithmInfo(algorithm).keyOid), der::sequence(params) }),
        der::bitString(der::octetString(xyLittleEndian)),
    });
    return fromSpki(spki);
}

KeyAlgorithm PublicKey::algorithm() const
{
    return detectKeyAlgorithm(_key.get());
}

Bytes PublicKey::spki() const
{
    return spkiOf(_key.get());
}

Bytes PublicKey::gostRaw() const
{
    const auto fields = parseSpki(spki());
    const auto algorithm = this->algorithm();
    if (algorithm != KeyAlgorithm::Gost2012_256 && algorithm != KeyAlgorithm::Gost2012_512) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "not a GOST key");
    }
    const auto octets = der::parseSingle(fields.keyBits);
    if (octets.tag != der::tag::OCTET_STRING) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "GOST public key is not an OCTET STRING");
    }
    return Bytes(octets.content.begin(), octets.content.end());
}

std::string PublicKey::paramSetOid() const
{
    const auto algorithm = this->algorithm();
    if (algorithm != KeyAlgorithm::Gost2012_256 && algorithm != KeyAlgorithm::Gost2012_512) {
        return {};
    }
    return parseSpki(spki()).paramSetOid;
}

bool PublicKey::verifyDigest(ByteView digest, ByteView signature) const
{
    EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new(_key.get(), nullptr), "EVP_PKEY_CTX_new"));
    check(EVP_PKEY_verify_init(ctx.get()), "EVP_PKEY_verify_init");
    if (algorithm() == KeyAlgorithm::Rsa) {
        check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING), "set_rsa_padding");
        check(EVP_PKEY_CTX_set_signature_md(ctx.get(), evpMd(HashAlgorithm::Sha256)),
            "set_signature_md");
    }
    const int result = EVP_PKEY_verify(
        ctx.get(), signature.data(), signature.size(), digest.data(), digest.size());
    if (result != 1) {
        takeOpenSslError();
    }
    return result == 1;
}

} // namespace tokenbridge::crypto
