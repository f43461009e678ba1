// verify-auth's input, the authentication token (host/auth): parseAuthToken may refuse only with
// TokenFormatError; what it accepts serializes and parses back to the same token. The whole
// verifier then runs on it (certificate parsing, algorithm, chain without roots, signature):
// a hostile token is a result with a reason, never an exception, and never valid (no root is
// trusted here).

#include "FuzzSupport.hpp"

#include "auth/AuthToken.hpp"
#include "auth/AuthTokenVerifier.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace tokenbridge;
using namespace tokenbridge::auth;

namespace
{

constexpr std::string_view ORIGIN = "https://portal.example";
constexpr std::string_view NONCE = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";

void parseAndRoundTrip(std::string_view text)
{
    try {
        const auto token = parseAuthToken(text);
        const auto again = parseAuthToken(token.toJson().dump());
        if (again.toJson() != token.toJson()) {
            fuzz::finding("a parsed token does not survive its JSON round trip");
        }
    } catch (const TokenFormatError&) {
        return;
    } catch (const std::exception& error) {
        fuzz::finding(std::string("parseAuthToken threw ") + error.what());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    parseAndRoundTrip(text);
    try {
        const auto result = verifyAuthToken(text, ORIGIN, NONCE, {});
        if (result.valid || !result.failure) {
            fuzz::finding("a token without trusted roots was valid");
        }
        (void)result.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const std::exception& error) {
        fuzz::finding(std::string("verifyAuthToken threw ") + error.what());
    }
    return 0;
}
