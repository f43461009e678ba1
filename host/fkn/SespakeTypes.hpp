#pragma once

#include "Curves.hpp"
#include "PointSets.hpp"
#include "core/Bytes.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/SecureBuffer.hpp"

#include <cstdint>
#include <functional>

namespace tokenbridge::fkn
{

// Fixed by RFC 8133 section 4.1 (F(PW, salt, 2000)).
inline constexpr unsigned PBKDF2_ITERATIONS = 2000;
inline constexpr std::size_t MAC_SIZE = 32; // HMAC_GOSTR3411_2012_256
inline constexpr std::uint8_t DEFAULT_ID[] = { 0, 0, 0, 0 }; // ID_A / ID_B as in the vectors

// Returns a scalar in [1, q-1] for the given order q. Injectable so tests can replay the
// RFC's alpha/beta; production uses randomScalar.
using ScalarSource = std::function<crypto::BignumPtr(const BIGNUM* order)>;
crypto::BignumPtr randomScalar(const BIGNUM* order);
// Always returns the given big-endian hex (tests).
ScalarSource fixedScalar(std::string_view hexBe);

// Step 5 (B -> A): what the token tells the host before the exchange.
struct SespakeParams
{
    CurveId curve = CurveId::Tc26Gost256A;
    PointSet pointSet = PointSet::R5011152016;
    std::uint8_t ind = 1; // 1-based index into the point set
    // RFC 8133 leaves ID_ALG out of the MAC in its vectors; our product includes it (note 4).
    bool idAlgInMac = true;
    Bytes salt; // 1..64 bytes (16 by default)
    Bytes idB;

    // ID_ALG = curve id || point-set id (docs/fkn.md).
    [[nodiscard]] Bytes idAlg() const;
    // curve(1) pointSet(1) ind(1) flags(1: bit 0 = idAlgInMac) saltLen(1) salt idBLen(1) idB.
    [[nodiscard]] Bytes encode() const;
    // Throws RequestError(INVALID_PARAMS) on malformed input.
    static SespakeParams decode(ByteView bytes);
};

// What both sides hold after a successful exchange: K and the transcript binding (MAC_A, MAC_B).
struct SespakeResult
{
    crypto::SecureBuffer key; // K_A = K_B, 32 bytes
    Bytes macA;
    Bytes macB;
};

} // namespace tokenbridge::fkn
