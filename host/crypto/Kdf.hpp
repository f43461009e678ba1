#pragma once

#include "core/Bytes.hpp"
#include "SecureBuffer.hpp"

#include <cstddef>

namespace tokenbridge::crypto
{

// KDF_GOSTR3411_2012_256 (RFC 7836 §4.5): HMAC256(K, 0x01 || label || 0x00 || seed || 0x01 0x00).
SecureBuffer kdf256(ByteView key, ByteView label, ByteView seed);

// KDF_TREE_GOSTR3411_2012_256 (RFC 7836 §4.4, R 50.1.113-2016):
// K(i) = HMAC256(K, [i]_b || label || 0x00 || seed || [L]_b), output = first `length` bytes of
// K(1) || K(2) || ...; [i]_b is `counterBytes` (R, 1..4) big-endian, [L]_b is L = 8*length bits,
// big-endian with minimal length (L = 512 -> 02 00). OpenSSL's KBKDF encodes L on 4 bytes, so it
// does not match; this is why it is implemented here.
SecureBuffer kdfTree256(
    ByteView key, ByteView label, ByteView seed, std::size_t length, unsigned counterBytes = 1);

} // namespace tokenbridge::crypto
