#pragma once

#include <cstddef>
#include <string_view>

namespace tokenbridge::auth
{

// A challenge nonce: base64 (RFC 4648, with padding, no whitespace) of at least 32 random bytes,
// at most 128 characters (the bound of Web eID's authenticate).
inline constexpr std::size_t MIN_NONCE_BYTES = 32;
inline constexpr std::size_t MAX_NONCE_CHARS = 128;

// RequestError(INVALID_PARAMS, param "challengeNonce") when `nonce` is not one.
void checkChallengeNonce(std::string_view nonce);

} // namespace tokenbridge::auth
