#pragma once

// GOST 28147-89 block cipher (ECB) and its MAC (imitovstavka), as CryptoPro CSP uses
// them in key containers: little-endian 32-bit words for the key and the block halves.
// Debian's gost engine (`openssl engine gost -c`) has gost89 in CFB, CNT and CBC modes but no ECB,
// and its gost-mac takes the S-box from the engine-wide CRYPT_PARAMS setting; rather than bend
// those, the few lines of the Feistel network are here. Checked against RFC 8891's Magma vector
// and the MACs CryptoPro CSP wrote (tests/unit/crypto/CryptoProPrimitivesTest.cpp,
// tests/unit/passive/CryptoPro*Test.cpp).

#include "core/Bytes.hpp"
#include "SecureBuffer.hpp"

#include <array>
#include <cstdint>

namespace tokenbridge::crypto
{

// The 8 substitution tables, table i for the i-th 4-bit nibble from the least significant one.
using Gost28147SBox = std::array<std::array<std::uint8_t, 16>, 8>;

// id-tc26-gost-28147-param-Z (RFC 7836 §7.1 / GOST R 34.12-2015's Magma S-box), the S-box of
// GOST R 34.10-2012 containers.
const Gost28147SBox& gost28147ParamZ();

class Gost28147
{
public:
    // key: 32 bytes, read as eight little-endian words K1..K8.
    Gost28147(ByteView key, const Gost28147SBox& sbox);
    Gost28147(const Gost28147&) = delete;
    Gost28147& operator=(const Gost28147&) = delete;
    ~Gost28147();

    // ECB; data must be a multiple of 8 bytes. Encryption re-seals a container's key.
    [[nodiscard]] SecureBuffer encryptEcb(ByteView data) const;
    [[nodiscard]] SecureBuffer decryptEcb(ByteView data) const;
    // The 8-byte MAC state over data zero-padded to whole blocks (at least two, as the standard
    // pads a single block); CryptoPro keeps its first 4 bytes.
    [[nodiscard]] std::array<std::uint8_t, 8> mac(ByteView data) const;

private:
    [[nodiscard]] SecureBuffer ecb(ByteView data, const std::array<std::uint8_t, 32>& order) const;
    [[nodiscard]] std::uint32_t round(std::uint32_t half, std::uint32_t key) const noexcept;

    std::array<std::uint32_t, 8> _key {};
    const Gost28147SBox& _sbox;
};

} // namespace tokenbridge::crypto
