// The curve names of vtoken's --fkn-curve option (docs/fkn.md), in fkn::ALL_CURVES order.
#pragma once

#include "fkn/Curves.hpp"

#include <string_view>

namespace tokenbridge::bench
{

inline constexpr std::string_view CURVE_NAMES[] = { "cryptopro-a", "cryptopro-b", "cryptopro-c",
    "tc26-256-a", "tc26-512-a", "tc26-512-b", "tc26-512-c" };

inline std::string_view curveName(fkn::CurveId curve)
{
    return CURVE_NAMES[static_cast<int>(curve) - 1];
}

} // namespace tokenbridge::bench
