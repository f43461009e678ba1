#pragma once

#include "EcCurve.hpp"
#include "SespakeTypes.hpp"

namespace tokenbridge::fkn
{

// The computations both roles share (RFC 8133 section 4.3), kept here so A and B cannot drift.

// Q_ind of the parameters' point set.
EcPointPtr basePoint(const EcCurve& curve, const SespakeParams& params);
// Q_PW = int(F(PW, salt, 2000)) * Q_ind, F = PBKDF2-HMAC-Streebog-512, int() little-endian.
EcPointPtr passwordPoint(const EcCurve& curve, const SespakeParams& params, ByteView pin);
// Steps 12/17: Q, or scalar*P with zFlag set when (m/q)*Q is the point at infinity.
EcPointPtr replaceSmallOrder(const EcCurve& curve, EcPointPtr q, const BIGNUM* scalar, bool& zFlag);
// Steps 13/18: K = Streebog-256(BYTES(((m/q)*scalar mod q) * Q)).
crypto::SecureBuffer sharedKey(const EcCurve& curve, const BIGNUM* scalar, const EC_POINT* q);

// Steps 19/26: HMAC256(K, tag || id || ind || salt || U_1 || U_2 || [ID_ALG] || data...).
struct MacInput
{
    std::uint8_t tag; // 0x01 for MAC_A, 0x02 for MAC_B
    ByteView id; // ID_A for MAC_A, ID_B for MAC_B
    const SespakeParams* params;
    ByteView u1, u2;
    ByteView dataA, dataB;
};
Bytes sespakeMac(ByteView key, const MacInput& input);
// Constant-time comparison of equal-length tags.
bool tagsEqual(ByteView a, ByteView b);

} // namespace tokenbridge::fkn
