#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tokenbridge::vtoken
{

// Simple TLV as this card OS uses it: one-byte tags, one-byte lengths (up to 0xFF).
struct Tlv
{
    uint8_t tag;
    Bytes value;
};

// Empty optional when a length runs past the end.
std::optional<std::vector<Tlv>> parseTlv(std::span<const uint8_t> data);
void appendTlv(Bytes& out, uint8_t tag, std::span<const uint8_t> value);

} // namespace tokenbridge::vtoken
