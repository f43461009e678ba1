#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge
{

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Lower-case hex, no separators.
std::string toHex(ByteView bytes);
// Upper-case hex, no separators (ATRs, serials, status words as the card world writes them).
std::string toHexUpper(ByteView bytes);
// Accepts upper/lower case; whitespace is ignored so vectors can be pasted from the spec.
// RequestError(INVALID_PARAMS) on a non-hex digit or an odd count of digits.
Bytes fromHex(std::string_view hex);
// RFC 4648 with padding; fromBase64 ignores whitespace, RequestError(INVALID_PARAMS) otherwise.
std::string toBase64(ByteView bytes);
Bytes fromBase64(std::string_view base64);

inline ByteView asBytes(std::string_view text)
{
    return { reinterpret_cast<const std::uint8_t*>(text.data()), text.size() };
}

} // namespace tokenbridge
