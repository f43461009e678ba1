#pragma once

#include "core/Bytes.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace tokenbridge::auth
{

inline constexpr std::string_view TOKEN_FORMAT = "tokenbridge-auth:1";
// A token is a certificate and a signature: far below this.
inline constexpr std::size_t MAX_TOKEN_TEXT = 64 * 1024;

// The authentication token (docs/authentication.md, "The token").
struct AuthToken
{
    std::string format; // TOKEN_FORMAT
    Bytes unverifiedCertificate; // DER, as the token says: nothing about it is checked here
    std::string algorithm; // AuthAlgorithmInfo::name
    Bytes signature;
    std::string appVersion;

    [[nodiscard]] nlohmann::json toJson() const;
};

// The token's text is not a token of the one format this host knows.
class TokenFormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Parses the JSON text of a token, bare or as {"authToken": {...}}. Strict: exactly the five
// fields, each a string, format TOKEN_FORMAT, base64 certificate and signature, a known
// algorithm; TokenFormatError for anything else (and only that: fuzzed, tests/fuzz/auth_token).
AuthToken parseAuthToken(std::string_view text);

} // namespace tokenbridge::auth
