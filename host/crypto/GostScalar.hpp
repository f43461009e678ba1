#pragma once

#include "core/Bytes.hpp"
#include "GostParamSet.hpp"
#include "SecureBuffer.hpp"

namespace tokenbridge::crypto
{

// d = masked · mask⁻¹ mod q on the curve of paramSet, all little-endian of the curve's size (32
// or 64 bytes): how CryptoPro containers keep a private key (primary.key holds d·mask, encrypted;
// masks.key holds the mask). Throws RequestError(CONTAINER_CORRUPTED) when mask has no inverse
// or the result is zero (no key).
SecureBuffer unmaskGostScalar(const GostParamSet& paramSet, ByteView maskedLe, ByteView maskLe);

} // namespace tokenbridge::crypto
