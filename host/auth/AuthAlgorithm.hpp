#pragma once

#include "core/Bytes.hpp"
#include "crypto/HashAlgorithm.hpp"
#include "crypto/KeyAlgorithm.hpp"

#include <cstddef>
#include <string_view>

namespace tokenbridge::auth
{

// The `algorithm` of an authentication token: which key signed, which hash H the signed value
// H(H(origin) || H(challengeNonce)) uses, and how long the token's signature is.
struct AuthAlgorithmInfo
{
    crypto::KeyAlgorithm key;
    std::string_view name; // "GOST3410-2012-256", "GOST3410-2012-512", "ES256", "RS256"
    crypto::HashAlgorithm hash;
    std::size_t signatureSize; // 0: the key's size (RSA)
};

const AuthAlgorithmInfo& authAlgorithmOf(crypto::KeyAlgorithm key);
// nullptr when `name` is none of the token's algorithms.
const AuthAlgorithmInfo* findAuthAlgorithm(std::string_view name);

// H(H(origin) || H(challengeNonce)): origin and nonce are the UTF-8 text exactly as given.
Bytes authDigest(
    const AuthAlgorithmInfo& algorithm, std::string_view origin, std::string_view challengeNonce);

// The token's signature from a Signer's X.509/CMS encoding: ECDSA DER becomes raw r || s of
// 32 bytes each (as in JWS ES256); GOST (s || r) and RSA stay as they are.
Bytes toTokenSignature(crypto::KeyAlgorithm key, ByteView x509Signature);
// The reverse, for PublicKey::verifyDigest; RequestError for a malformed ECDSA value.
Bytes fromTokenSignature(crypto::KeyAlgorithm key, ByteView tokenSignature);

} // namespace tokenbridge::auth
