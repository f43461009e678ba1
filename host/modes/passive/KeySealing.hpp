#pragma once

#include "ContainerCodec.hpp"

#include "crypto/SecureBuffer.hpp"

namespace tokenbridge::modes::passive
{

inline constexpr std::uint32_t DEFAULT_ITERATIONS = 2000;

// PBKDF2-HMAC-Streebog-512(PIN, salt, iterations) -> Kuznyechik-CTR key || OMAC key
// (docs/passive.md "Private part").
PrivatePart sealPrivateKey(ByteView pin, ByteView keyId, ByteView scalarLittleEndian,
    std::uint32_t iterations = DEFAULT_ITERATIONS);

// Checks the OMAC before decrypting; a mismatch is RequestError(CONTAINER_CORRUPTED) (the card
// verified the PIN before it let the file be read, so a wrong PIN cannot be the cause).
crypto::SecureBuffer openPrivateKey(ByteView pin, ByteView keyId, const PrivatePart& part);

} // namespace tokenbridge::modes::passive
