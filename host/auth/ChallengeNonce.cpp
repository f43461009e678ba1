#include "ChallengeNonce.hpp"

#include "core/Bytes.hpp"
#include "core/Error.hpp"

#include <cctype>

namespace tokenbridge::auth
{

namespace
{

    [[noreturn]] void invalid(const std::string& message)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message, { { "param", "challengeNonce" } });
    }

} // namespace

void checkChallengeNonce(std::string_view nonce)
{
    if (nonce.size() > MAX_NONCE_CHARS) {
        invalid("challengeNonce is at most 128 characters");
    }
    // fromBase64 skips whitespace; the nonce is signed as text, so it must have none.
    for (const char c : nonce) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            invalid("challengeNonce must be base64 without whitespace");
        }
    }
    Bytes decoded;
    try {
        decoded = fromBase64(nonce);
    } catch (const RequestError&) {
        invalid("challengeNonce must be base64");
    }
    if (decoded.size() < MIN_NONCE_BYTES) {
        invalid("challengeNonce must carry at least 32 random bytes");
    }
}

} // namespace tokenbridge::auth
