#pragma once

#include "core/Bytes.hpp"
#include "OpenSsl.hpp"
#include "SecureBuffer.hpp"

namespace tokenbridge::crypto
{

// Kuznyechik (GOST R 34.12-2015, 128-bit block, 256-bit key) and the GOST R 34.13-2015 modes we
// need: ECB, CTR (counter block = IV(8) || counter(8, big-endian) from 0) and OMAC (CMAC).
// Only the ECB block transform comes from the gost engine; the modes are built on it here so the
// counter layout and OMAC subkeys are exactly the standard's.
class Kuznyechik
{
public:
    static constexpr std::size_t BLOCK_SIZE = 16;
    static constexpr std::size_t KEY_SIZE = 32;
    static constexpr std::size_t CTR_IV_SIZE = 8;

    explicit Kuznyechik(ByteView key);

    // Data length must be a multiple of 16.
    Bytes encryptEcb(ByteView data) const;
    Bytes decryptEcb(ByteView data) const;
    // Encrypts or decrypts (same operation) any length.
    Bytes ctr(ByteView iv, ByteView data) const;
    // Full 16-byte OMAC tag; truncate as the protocol requires (the standard's example uses 8).
    Bytes omac(ByteView data) const;

private:
    Bytes transform(ByteView data, bool encrypt) const;
    SecureBuffer _key;
};

} // namespace tokenbridge::crypto
