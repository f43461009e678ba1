#include "PrivateKey.hpp"

#include "Der.hpp"
#include "GostEngine.hpp"
#include "GostParamSet.hpp"

#include <openssl/pem.h>

#include <string>

namespace tokenbridge::crypto
{

namespace
{

    bool isGost(KeyAlgorithm algorithm)
    {
        return algorithm == KeyAlgorithm::Gost2012_256 || algorithm == KeyAlgorithm::Gost2012_512;
    }

    EvpPkeyPtr generateGost(KeyAlgorithm algorithm, std::string_view paramSetName)
    {
        const auto& paramSet =
            findGostParamSet(algorithm, paramSetName.empty() ? "A" : paramSetName);
        const int nid = algorithm == KeyAlgorithm::Gost2012_256 ? NID_id_GostR3410_2012_256
                                                                : NID_id_GostR3410_2012_512;
        EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new_id(nid, nullptr), "EVP_PKEY_CTX_new_id(gost)"));
        check(EVP_PKEY_keygen_init(ctx.get()), "EVP_PKEY_keygen_init");
        const std::string name(paramSet.engineName);
        if (EVP_PKEY_CTX_ctrl_str(ctx.get(), "paramset", name.c_str()) <= 0) {
            throwOpenSslError("gost paramset " + name);
        }
        EVP_PKEY* key = nullptr;
        check(EVP_PKEY_keygen(ctx.get(), &key), "EVP_PKEY_keygen");
        return EvpPkeyPtr(key);
    }

    EvpPkeyPtr fromPkcs8(ByteView der)
    {
        const unsigned char* cursor = der.data();
        Pkcs8Ptr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(der.size())));
        if (!info || cursor != der.data() + der.size()) {
            return {};
        }
        return EvpPkeyPtr(EVP_PKCS82PKEY(info.get()));
    }

} // namespace

PrivateKey::PrivateKey(EvpPkeyPtr key) : _key(std::move(key))
{
    check(_key.get(), "PrivateKey: null key");
    detectKeyAlgorithm(_key.get());
}

PrivateKey PrivateKey::generate(KeyAlgorithm algorithm, std::string_view gostParamSet)
{
    ensureGostEngine();
    switch (algorithm) {
    case KeyAlgorithm::Gost2012_256:
    case KeyAlgorithm::Gost2012_512:
        return PrivateKey(generateGost(algorithm, gostParamSet));
    case KeyAlgorithm::EcdsaP256:
        return PrivateKey(
            EvpPkeyPtr(check(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), "EC keygen")));
    case KeyAlgorithm::Rsa:
        return PrivateKey(EvpPkeyPtr(
            check(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t { 2048 }), "RSA keygen")));
    }
    throw FatalError("unknown key algorithm");
}

PrivateKey PrivateKey::fromDer(ByteView der)
{
    ensureGostEngine();
    EvpPkeyPtr key = fromPkcs8(der);
    if (!key) {
        ERR_clear_error();
        const unsigned char* cursor = der.data();
        key.reset(d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(der.size())));
    }
    if (!key) {
        throwOpenSslInputError("invalid private key");
    }
    return PrivateKey(std::move(key));
}

PrivateKey PrivateKey::fromPem(std::string_view pem)
{
    ensureGostEngine();
    BioPtr bio(check(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), "BIO_new_mem_buf"));
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        throwOpenSslInputError("invalid PEM private key");
    }
    return PrivateKey(std::move(key));
}

PrivateKey PrivateKey::fromRaw(const RawPrivateKey& raw)
{
    ensureGostEngine();
    const auto* paramSet = findGostParamSetByOid(raw.paramSetOid);
    const std::size_t size = raw.algorithm == KeyAlgorithm::Gost2012_256 ? 32 : 64;
    if (!isGost(raw.algorithm) || paramSet == nullptr || paramSet->algorithm != raw.algorithm
        || raw.scalarLittleEndian.size() != size) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "invalid raw GOST private key");
    }
    std::vector<Bytes> params { der::oid(paramSet->oid) };
    if (paramSet->spkiDigestParam) {
        params.push_back(der::oid(hashInfo(HashAlgorithm::Streebog256).oid));
    }
    // PKCS#8 with the gost engine's "new format": privateKey = OCTET STRING(little-endian d).
    // Built in a SecureBuffer-backed copy so the scalar is wiped afterwards.
    const Bytes prefix =
        der::sequence({ der::oid(keyAlgorithmInfo(raw.algorithm).keyOid), der::sequence(params) });
    Bytes inner = der::octetString(raw.scalarLittleEndian.view());
    Bytes body = der::concat({ der::integer(0), prefix, der::octetString(inner) });
    Bytes info = der::tlv(der::tag::SEQUENCE, body);
    const SecureBuffer secret(info);
    for (Bytes* copy : { &inner, &body, &info }) {
        OPENSSL_cleanse(copy->data(), copy->size());
    }
    EvpPkeyPtr key = fromPkcs8(secret.view());
    if (!key) {
        throwOpenSslInputError("GOST private key rejected");
    }
    return PrivateKey(std::move(key));
}

SecureBuffer PrivateKey::toDer() const
{
    Pkcs8Ptr info(check(EVP_PKEY2PKCS8(_key.get()), "EVP_PKEY2PKCS8"));
    const int length = i2d_PKCS8_PRIV_KEY_INFO(info.get(), nullptr);
    if (length <= 0) {
        throwOpenSslError("i2d_PKCS8_PRIV_KEY_INFO");
    }
    SecureBuffer out(static_cast<std::size_t>(length));
    unsigned char* cursor = out.data();
    i2d_PKCS8_PRIV_KEY_INFO(info.get(), &cursor);
    return out;
}

SecureBuffer PrivateKey::toPem() const
{
    BioPtr bio(check(BIO_new(BIO_s_secmem()), "BIO_new"));
    check(
        PEM_write_bio_PKCS8PrivateKey(bio.get(), _key.get(), nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PKCS8PrivateKey");
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return SecureBuffer(
        ByteView(reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(length)));
}

RawPrivateKey PrivateKey::toRaw() const
{
    const auto algorithm = this->algorithm();
    if (!isGost(algorithm)) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "raw export is for GOST keys only");
    }
    // Engine GOST keys keep an EC_KEY inside the legacy EVP_PKEY.
    const auto* ec = static_cast<const EC_KEY*>(EVP_PKEY_get0(_key.get()));
    const BIGNUM* scalar = ec != nullptr ? EC_KEY_get0_private_key(ec) : nullptr;
    if (scalar == nullptr) {
        throw FatalError("GOST key has no private scalar");
    }
    RawPrivateKey raw;
    raw.algorithm = algorithm;
    raw.paramSetOid = publicKey().paramSetOid();
    raw.scalarLittleEndian = SecureBuffer(algorithm == KeyAlgorithm::Gost2012_256 ? 32 : 64);
    if (BN_bn2lebinpad(
            scalar, raw.scalarLittleEndian.data(), static_cast<int>(raw.scalarLittleEndian.size()))
        < 0) {
        throwOpenSslError("BN_bn2lebinpad");
    }
    return raw;
}

KeyAlgorithm PrivateKey::algorithm() const
{
    return detectKeyAlgorithm(_key.get());
}

PublicKey PrivateKey::publicKey() const
{
    return PublicKey::fromSpki(spkiOf(_key.get()));
}

} // namespace tokenbridge::crypto
