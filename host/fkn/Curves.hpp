#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tokenbridge::fkn
{

// The seven curves RFC 8133 / R 50.1.115-2016 define SESPAKE for. The numeric value is our wire
// id (byte 0 of ID_ALG, docs/fkn.md); it never changes once shipped.
enum class CurveId : std::uint8_t {
    CryptoProA = 1,
    CryptoProB = 2,
    CryptoProC = 3,
    Tc26Gost256A = 4,
    Tc26Gost512A = 5,
    Tc26Gost512B = 6,
    Tc26Gost512C = 7,
};

// Weierstrass parameters, big-endian hex as printed in the standards (spec section 8).
struct CurveParams
{
    CurveId id;
    std::string_view name;
    std::string_view oid;
    std::size_t size; // bytes of p and q: 32 or 64
    unsigned cofactor; // m/q
    std::string_view p, a, b, q, x, y;
};

const CurveParams& curveParams(CurveId id);
// Throws RequestError(INVALID_PARAMS) for an unknown wire id.
CurveId curveIdFromByte(std::uint8_t value);
inline constexpr CurveId ALL_CURVES[] = { CurveId::CryptoProA, CurveId::CryptoProB,
    CurveId::CryptoProC, CurveId::Tc26Gost256A, CurveId::Tc26Gost512A, CurveId::Tc26Gost512B,
    CurveId::Tc26Gost512C };

} // namespace tokenbridge::fkn
