#pragma once

#include "Curves.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace tokenbridge::fkn
{

// Which table of Q_1..Q_N points the exchange uses (byte 1 of ID_ALG, docs/fkn.md). The vendor's
// choice is not public, so both are supported and selected per token.
enum class PointSet : std::uint8_t {
    Rfc8133 = 1, // RFC 8133 App. A.1, N = 1
    R5011152016 = 2, // R 50.1.115-2016, N = 3 (via the kotlin-gost port, spec 2.7)
};

struct PointHex
{
    std::string_view x, y; // big-endian hex
};

// Q_1..Q_N of the curve in the set; `ind` (1-based) selects one.
std::span<const PointHex> sespakePoints(CurveId curve, PointSet set);
// Throws RequestError(INVALID_PARAMS) for an unknown wire id.
PointSet pointSetFromByte(std::uint8_t value);

} // namespace tokenbridge::fkn
