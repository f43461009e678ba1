#include "AuthAlgorithm.hpp"

#include "core/Error.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/OpenSsl.hpp"

#include <openssl/ecdsa.h>

#include <iterator>

namespace tokenbridge::auth
{

namespace
{

    using crypto::HashAlgorithm;
    using crypto::KeyAlgorithm;
    using EcdsaSigPtr = crypto::OpenSslPtr<ECDSA_SIG, ECDSA_SIG_free>;

    constexpr std::size_t P256_HALF = 32;

    constexpr AuthAlgorithmInfo ALGORITHMS[] = {
        { KeyAlgorithm::Gost2012_256, "GOST3410-2012-256", HashAlgorithm::Streebog256, 64 },
        { KeyAlgorithm::Gost2012_512, "GOST3410-2012-512", HashAlgorithm::Streebog512, 128 },
        { KeyAlgorithm::EcdsaP256, "ES256", HashAlgorithm::Sha256, 2 * P256_HALF },
        { KeyAlgorithm::Rsa, "RS256", HashAlgorithm::Sha256, 0 },
    };

    void appendFixed(Bytes& out, const BIGNUM* value)
    {
        const auto start = out.size();
        out.resize(start + P256_HALF);
        if (BN_bn2binpad(value, out.data() + start, static_cast<int>(P256_HALF)) < 0) {
            throw FatalError("an ECDSA signature value is longer than P-256 allows");
        }
    }

} // namespace

const AuthAlgorithmInfo& authAlgorithmOf(KeyAlgorithm key)
{
    for (const auto& entry : ALGORITHMS) {
        if (entry.key == key) {
            return entry;
        }
    }
    throw FatalError("no authentication algorithm for this key");
}

const AuthAlgorithmInfo* findAuthAlgorithm(std::string_view name)
{
    for (const auto& entry : ALGORITHMS) {
        if (entry.name == name) {
            return &entry;
        }
    }
    return nullptr;
}

Bytes authDigest(
    const AuthAlgorithmInfo& algorithm, std::string_view origin, std::string_view challengeNonce)
{
    const auto text = [](std::string_view value) {
        return ByteView(reinterpret_cast<const std::uint8_t*>(value.data()), value.size());
    };
    crypto::Hasher outer(algorithm.hash);
    outer.update(crypto::hash(algorithm.hash, text(origin)));
    outer.update(crypto::hash(algorithm.hash, text(challengeNonce)));
    return outer.finish();
}

Bytes toTokenSignature(KeyAlgorithm key, ByteView x509Signature)
{
    if (key != KeyAlgorithm::EcdsaP256) {
        return Bytes(x509Signature.begin(), x509Signature.end());
    }
    const unsigned char* cursor = x509Signature.data();
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(x509Signature.size())));
    if (!sig || cursor != x509Signature.data() + x509Signature.size()) {
        throw FatalError("the key returned a malformed ECDSA signature");
    }
    Bytes raw;
    appendFixed(raw, ECDSA_SIG_get0_r(sig.get()));
    appendFixed(raw, ECDSA_SIG_get0_s(sig.get()));
    return raw;
}

Bytes fromTokenSignature(KeyAlgorithm key, ByteView tokenSignature)
{
    if (key != KeyAlgorithm::EcdsaP256) {
        return Bytes(tokenSignature.begin(), tokenSignature.end());
    }
    if (tokenSignature.size() != 2 * P256_HALF) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "an ES256 signature is 64 bytes");
    }
    EcdsaSigPtr sig(crypto::check(ECDSA_SIG_new(), "ECDSA_SIG_new"));
    BIGNUM* r = BN_bin2bn(tokenSignature.data(), P256_HALF, nullptr);
    BIGNUM* s = BN_bin2bn(tokenSignature.data() + P256_HALF, P256_HALF, nullptr);
    if (r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        crypto::throwOpenSslError("ECDSA_SIG_set0");
    }
    return crypto::toDer(sig.get(), i2d_ECDSA_SIG, "i2d_ECDSA_SIG");
}

} // namespace tokenbridge::auth
