#include "SignatureFormat.hpp"

#include "crypto/HashAlgorithm.hpp"
#include "crypto/OpenSsl.hpp"
#include "core/Error.hpp"

#include <openssl/ecdsa.h>

namespace tokenbridge::modes::active
{

namespace
{

    using crypto::KeyAlgorithm;

    using EcdsaSigPtr = crypto::OpenSslPtr<ECDSA_SIG, ECDSA_SIG_free>;

    // DER DigestInfo prefixes (RFC 8017 §9.2 note 1), followed by the digest.
    struct DigestInfoPrefix
    {
        crypto::HashAlgorithm hash;
        Bytes prefix;
    };

    const DigestInfoPrefix& digestInfoPrefix(crypto::HashAlgorithm hash)
    {
        static const DigestInfoPrefix PREFIXES[] = {
            { crypto::HashAlgorithm::Sha256, fromHex("3031300d060960864801650304020105000420") },
            { crypto::HashAlgorithm::Sha1, fromHex("3021300906052b0e03021a05000414") },
        };
        for (const auto& entry : PREFIXES) {
            if (entry.hash == hash) {
                return entry;
            }
        }
        throw FatalError("no DigestInfo for this hash");
    }

    bool isGost(KeyAlgorithm algorithm)
    {
        return algorithm == KeyAlgorithm::Gost2012_256 || algorithm == KeyAlgorithm::Gost2012_512;
    }

    Bytes ecdsaDer(ByteView rs)
    {
        if (rs.empty() || rs.size() % 2 != 0) {
            throw FatalError("token returned a malformed ECDSA signature");
        }
        const auto half = static_cast<int>(rs.size() / 2);
        EcdsaSigPtr sig(crypto::check(ECDSA_SIG_new(), "ECDSA_SIG_new"));
        BIGNUM* r = BN_bin2bn(rs.data(), half, nullptr);
        BIGNUM* s = BN_bin2bn(rs.data() + half, half, nullptr);
        if (r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
            BN_free(r);
            BN_free(s);
            crypto::throwOpenSslError("ECDSA_SIG_set0");
        }
        return crypto::toDer(sig.get(), i2d_ECDSA_SIG, "i2d_ECDSA_SIG");
    }

} // namespace

Bytes signInput(KeyAlgorithm algorithm, ByteView digest)
{
    const auto hash = crypto::keyAlgorithmInfo(algorithm).digest;
    if (digest.size() != crypto::hashInfo(hash).size) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "digest length does not match the key's hash algorithm", { { "param", "digest" } });
    }
    if (algorithm != KeyAlgorithm::Rsa) {
        return Bytes(digest.begin(), digest.end());
    }
    Bytes input = digestInfoPrefix(hash).prefix;
    input.insert(input.end(), digest.begin(), digest.end());
    return input;
}

Bytes encodeSignature(KeyAlgorithm algorithm, ByteView tokenSignature)
{
    if (isGost(algorithm)) {
        const std::size_t expected = algorithm == KeyAlgorithm::Gost2012_256 ? 64 : 128;
        if (tokenSignature.size() != expected) {
            throw FatalError("token returned a GOST signature of the wrong length");
        }
        return Bytes(tokenSignature.begin(), tokenSignature.end());
    }
    if (algorithm == KeyAlgorithm::EcdsaP256) {
        return ecdsaDer(tokenSignature);
    }
    return Bytes(tokenSignature.begin(), tokenSignature.end());
}

} // namespace tokenbridge::modes::active
