#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::vtoken
{

using Bytes = std::vector<uint8_t>;

// Upper-case hex without separators.
std::string toHex(std::span<const uint8_t> bytes);

// Throws std::invalid_argument on odd length or a non-hex digit.
Bytes fromHex(std::string_view hex);

} // namespace tokenbridge::vtoken
