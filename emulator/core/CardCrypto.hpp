#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <span>

namespace tokenbridge::vtoken
{

// The card's crypto core (GOST R 34.10-2012 over tb_crypto / gost-engine). Private scalars go
// in and out of here only to and from the card's own store (card.json "keys").
inline constexpr uint8_t ALG_GOST256 = 0x01;
inline constexpr uint8_t ALG_GOST512 = 0x02;

struct GeneratedKey
{
    Bytes privateScalar; // little-endian d
    Bytes publicKey; // X_le || Y_le (the PKCS#11 CKA_VALUE of the public key)
};

// `paramSetDer` is the DER OID (06 len ...) of the curve. Throws CardError(6A80) for an
// unknown algorithm / curve or a mismatch between them.
GeneratedKey generateKey(uint8_t algorithm, std::span<const uint8_t> paramSetDer);

// s || r (big-endian halves) over the digest as OpenSSL outputs it (read as little-endian).
Bytes signDigest(uint8_t algorithm, std::span<const uint8_t> paramSetDer,
    std::span<const uint8_t> privateScalar, std::span<const uint8_t> digest);

// KEG (host/crypto/KeyAgreement.hpp) of the on-card key with a peer's public key X_le || Y_le and a
// 32-byte UKM: the 64-byte agreed secret, the only thing of the key that leaves the card.
// CardError(6A80) for a point not on the key's curve or a wrong length.
Bytes agreeKeg(uint8_t algorithm, std::span<const uint8_t> paramSetDer,
    std::span<const uint8_t> privateScalar, std::span<const uint8_t> peerPublic,
    std::span<const uint8_t> ukm);

// Digest length for the algorithm (32 / 64).
size_t digestLength(uint8_t algorithm);

} // namespace tokenbridge::vtoken
