#pragma once

#include "core/Bytes.hpp"
#include "HashAlgorithm.hpp"
#include "SecureBuffer.hpp"

#include <cstddef>

namespace tokenbridge::crypto
{

// HMAC (RFC 2104) over any HashAlgorithm; HMAC_GOSTR3411_2012_256/512 of RFC 7836 §4.1 with
// Streebog.
SecureBuffer hmac(HashAlgorithm algorithm, ByteView key, ByteView data);

// PBKDF2 (RFC 8018) with PRF = HMAC_GOSTR3411_2012_512 (R 50.1.111-2016, RFC 9337).
SecureBuffer pbkdf2Streebog512(
    ByteView password, ByteView salt, unsigned iterations, std::size_t length);

} // namespace tokenbridge::crypto
