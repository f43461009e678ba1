#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::crypto
{

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Lower-case hex, no separators.
std::string toHex(ByteView bytes);
// Accepts upper/lower case; whitespace is ignored so vectors can be pasted from the spec.
Bytes fromHex(std::string_view hex);
std::string toBase64(ByteView bytes);
Bytes fromBase64(std::string_view base64);

inline ByteView asBytes(std::string_view text)
{
    return { reinterpret_cast<const std::uint8_t*>(text.data()), text.size() };
}

} // namespace tokenbridge::crypto
