#pragma once

#include "core/Bytes.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::auth
{

// Why a token is not valid: a fixed set, each with its name in verify-auth's JSON
// (docs/authentication.md, "What verify-auth checks").
enum class AuthFailure {
    Format, // not a tokenbridge-auth:1 token (shape, base64, format, algorithm name)
    Certificate, // unverifiedCertificate is not an X.509 certificate
    Algorithm, // the token's algorithm is not the certificate key's
    Signature, // the signature does not verify over this origin and nonce (or its length is off)
    Untrusted, // no chain to the trusted roots
    Expired, // the certificate (or one of its chain) is past notAfter at the verification time
    NotYetValid, // ... before notBefore
    KeyUsage, // keyUsage without digitalSignature, extendedKeyUsage without clientAuth
};

std::string_view failureName(AuthFailure failure);

struct AuthVerifyOptions
{
    std::vector<Bytes> trustedRoots; // DER or PEM; none: nothing is trusted
    std::vector<Bytes> intermediates; // untrusted CA certificates to build the chain with
    std::optional<std::time_t> at; // the verification time; default: now
};

struct AuthVerifyResult
{
    bool valid = false;
    std::optional<AuthFailure> failure;
    // Of the token's certificate, once it parsed (even when the token is refused later).
    std::optional<std::string> subject; // RFC 2253
    std::optional<std::string> issuer;
    std::optional<std::string> serial; // lower-case hex
    std::optional<std::time_t> notAfter;

    // {"valid", "subject", "issuer", "serial", "notAfter", "reason"?}: what verify-auth prints.
    [[nodiscard]] nlohmann::json toJson() const;
};

// Verifies an authentication token (its JSON text, docs/authentication.md) for the origin and
// challenge nonce the portal expects: format, certificate, algorithm, validity period, chain,
// key usage, signature over H(H(origin) || H(nonce)). A refused token is a result, never an
// exception; RequestError(INVALID_PARAMS) only for a `nonce` that is no challenge nonce
// (ChallengeNonce.hpp) or a trusted root that is no certificate: the caller's own mistakes.
AuthVerifyResult verifyAuthToken(std::string_view tokenText, std::string_view origin,
    std::string_view nonce, const AuthVerifyOptions& options);

} // namespace tokenbridge::auth
