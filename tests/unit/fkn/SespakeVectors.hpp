#pragma once

#include "fkn/Curves.hpp"
#include "fkn/PointSets.hpp"

#include <cstddef>
#include <string_view>

namespace tokenbridge::fkn::test
{

// One SESPAKE run with PW "123456", salt 2923BE84E16CD6AE529049F1F1BBE9EB, ind 1,
// ID_A = ID_B = 00000000, no ID_ALG/DATA in the MACs.
struct SespakeVector
{
    CurveId curve;
    PointSet pointSet;
    std::string_view qpwX, qpwY, alpha, beta, u1X, u1Y, u2X, u2Y; // big-endian hex
    std::string_view k, macA, macB; // wire order
};

extern const SespakeVector SESPAKE_VECTORS[];
extern const std::size_t SESPAKE_VECTOR_COUNT;

inline constexpr std::string_view VECTOR_PIN = "123456";
inline constexpr std::string_view VECTOR_SALT = "2923BE84E16CD6AE529049F1F1BBE9EB";

} // namespace tokenbridge::fkn::test
