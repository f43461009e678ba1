// GOST 28147-89 (CryptoPro's little-endian use) and CryptoPro's password KDF against published
// vectors. The MAC has no published vector with param-Z; it is checked against real CryptoPro
// CSP output instead (the header and masks MACs of tests/data/cryptopro, passive.CryptoPro*).

#include "crypto/CryptoProKdf.hpp"
#include "crypto/Gost28147.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

// RFC 8891 §A.2 (GOST R 34.12-2015 Magma, the same cipher with the param-Z S-box): key
// ffeeddcc bbaa9988 ... fcfdfeff, plaintext fedcba9876543210, ciphertext 4ee901e5c2d8ca3d.
// Magma writes numbers big-endian; GOST 28147-89 as CryptoPro uses it reads the key as
// little-endian words (each 4-byte word reversed) and a block as a little-endian 64-bit number
// (the 8 bytes reversed).
TEST(Gost28147, DecryptsTheRfc8891MagmaVectorInLittleEndianOrder)
{
    const Bytes key = fromHex("ccddeeff8899aabb4455667700112233f3f2f1f0f7f6f5f4fbfaf9f8fffefdfc");
    const Gost28147 cipher(key, gost28147ParamZ());
    EXPECT_EQ(toHex(cipher.decryptEcb(fromHex("3dcad8c2e501e94e")).view()), "1032547698badcfe");
    // ECB: each block on its own.
    EXPECT_EQ(toHex(cipher.decryptEcb(fromHex("3dcad8c2e501e94e3dcad8c2e501e94e")).view()),
        "1032547698badcfe1032547698badcfe");
}

TEST(Gost28147, EncryptsTheRfc8891MagmaVectorInLittleEndianOrder)
{
    const Bytes key = fromHex("ccddeeff8899aabb4455667700112233f3f2f1f0f7f6f5f4fbfaf9f8fffefdfc");
    const Gost28147 cipher(key, gost28147ParamZ());
    EXPECT_EQ(toHex(cipher.encryptEcb(fromHex("1032547698badcfe")).view()), "3dcad8c2e501e94e");
    // Decryption undoes it for any block (the key schedules are each other's reverse).
    Bytes data(64);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i * 37 + 5);
    }
    const auto encrypted = cipher.encryptEcb(data);
    EXPECT_NE(toHex(encrypted.view()), toHex(data));
    EXPECT_EQ(toHex(cipher.decryptEcb(encrypted.view()).view()), toHex(data));
}

TEST(Gost28147, MacDependsOnKeyAndEveryByte)
{
    const Bytes key(32, 0x11);
    const Gost28147 cipher(key, gost28147ParamZ());
    Bytes data(20, 0x42);
    const auto reference = cipher.mac(data);
    for (std::size_t i = 0; i < data.size(); ++i) {
        Bytes changed = data;
        changed[i] ^= 0x01;
        EXPECT_NE(cipher.mac(changed), reference) << "byte " << i;
    }
    const Bytes otherKey(32, 0x12);
    EXPECT_NE(Gost28147(otherKey, gost28147ParamZ()).mac(data), reference);
}

// li0ard/gost kdf.spec.ts: CPKDF("qawsqaws", 98e4f49415555d8ab20567a0).
TEST(CryptoProKdf, ReproducesThePublicVector)
{
    const std::string password = "qawsqaws";
    const auto key = cryptoProKdf(asBytes(password), fromHex("98e4f49415555d8ab20567a0"));
    EXPECT_EQ(
        toHex(key.view()), "b551b39608787399ba85c59c68906b8f83c289ccee3c6141700dfc75ec0fd9f5");
}

TEST(CryptoProKdf, EmptyPasswordDiffersFromAnyOther)
{
    const Bytes salt = fromHex("98e4f49415555d8ab20567a0");
    EXPECT_NE(cryptoProKdf({}, salt), cryptoProKdf(fromHex("00"), salt));
    EXPECT_EQ(cryptoProKdf({}, salt).size(), 32U);
}
