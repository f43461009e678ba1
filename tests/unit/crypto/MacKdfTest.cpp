#include "TestUtil.hpp"

#include "crypto/Kdf.hpp"
#include "crypto/Mac.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using tokenbridge::crypto::test::hex;

namespace
{

const Bytes KEY = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const Bytes LABEL = fromHex("26bdb878");
const Bytes SEED = fromHex("af21434145656378");

TEST(Hmac, Rfc7836Vectors)
{
    const Bytes message = fromHex("0126bdb87800af214341456563780100");
    EXPECT_EQ(hex(hmac(HashAlgorithm::Streebog256, KEY, message)),
        "a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9");
    EXPECT_EQ(hex(hmac(HashAlgorithm::Streebog512, KEY, message)),
        "a59bab22ecae19c65fbde6e5f4e9f5d8549d31f037f9df9b905500e171923a77"
        "3d5f1530f2ed7e964cb2eedc29e9ad2f3afe93b2814f79f5000ffc0366c251e6");
}

TEST(Kdf, Kdf256Vector)
{
    EXPECT_EQ(hex(kdf256(KEY, LABEL, SEED)),
        "a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9");
}

TEST(Kdf, KdfTreeVector)
{
    EXPECT_EQ(hex(kdfTree256(KEY, LABEL, SEED, 64, 1)),
        "22b6837845c6bef65ea71672b265831086d3c76aebe6dae91cad51d83f79d16b"
        "074c9330599d7f8d712fca54392f4ddde93751206b3584c8f43f9e6dc51531f9");
}

TEST(Kdf, KdfTreeShorterOutputIsNotAPrefixBecauseLIsHashed)
{
    // L enters every block, so asking for 32 bytes gives a different key than the first half of 64.
    const auto k32 = kdfTree256(KEY, LABEL, SEED, 32, 1);
    const auto k64 = kdfTree256(KEY, LABEL, SEED, 64, 1);
    EXPECT_NE(hex(k32), hex(k64).substr(0, 64));
    EXPECT_THROW(kdfTree256(KEY, LABEL, SEED, 0, 1), tokenbridge::FatalError);
    EXPECT_THROW(kdfTree256(KEY, LABEL, SEED, 32, 5), tokenbridge::FatalError);
}

TEST(Pbkdf2, R5011112016Vectors)
{
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("password"), asBytes("salt"), 1, 64)),
        "64770af7f748c3b1c9ac831dbcfd85c26111b30a8a657ddc3056b80ca73e040d"
        "2854fd36811f6d825cc4ab66ec0a68a490a9e5cf5156b3a2b7eecddbf9a16b47");
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("password"), asBytes("salt"), 2, 64)),
        "5a585bafdfbb6e8830d6d68aa3b43ac00d2e4aebce01c9b31c2caed56f0236d4"
        "d34b2b8fbd2c4e89d54d46f50e47d45bbac301571743119e8d3c42ba66d348de");
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("password"), asBytes("salt"), 4096, 64)),
        "e52deb9a2d2aaff4e2ac9d47a41f34c20376591c67807f0477e32549dc341bc7"
        "867c09841b6d58e29d0347c996301d55df0d34e47cf68f4e3c2cdaf1d9ab86c3");
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("passwordPASSWORDpassword"),
                  asBytes("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 100)),
        "b2d8f1245fc4d29274802057e4b54e0a0753aa22fc53760b301cf008679e58fe"
        "4bee9addcae99ba2b0b20f431a9c5e50f395c89387d0945aedeca6eb4015dfc2"
        "bd2421ee9bb71183ba882ceebfef259f33f9e27dc6178cb89dc37428cf9cc52a2baa2d3a");
}

TEST(Pbkdf2, SespakeF)
{
    // RFC 8133 §A.2: F(PW = "123456", salt, 2000), 32 and 64 bytes.
    const Bytes salt = fromHex("2923BE84E16CD6AE529049F1F1BBE9EB");
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("123456"), salt, 2000, 32)),
        "bd04673f7149b18e98155bd1e2724e71d0099aa25174f792d3326c6f18127067");
    EXPECT_EQ(hex(pbkdf2Streebog512(asBytes("123456"), salt, 2000, 64)),
        "bd04673f7149b18e98155bd1e2724e71d0099aa25174f792d3326c6f18127067"
        "1c6213e3930efdda26451792c6208122ee60d200520d695dfd9f5f0fd5aba702");
}

TEST(SecureBuffer, CopiesCompareAndWipe)
{
    SecureBuffer a(fromHex("01020304"));
    SecureBuffer b = a;
    EXPECT_TRUE(a == b);
    b.truncate(2);
    EXPECT_EQ(hex(b), "0102");
    SecureBuffer c = std::move(a);
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(hex(c), "01020304");
    c.wipe();
    EXPECT_TRUE(c.empty());
}

} // namespace

namespace
{

// TLSTREE (RFC 9189 / RFC 9367) is three chained KDF_TREE calls (R = 1, L = 256); its vectors
// exercise kdfTree256 with other labels, seeds and L.
SecureBuffer tlsTree(ByteView root, std::uint64_t seq, const std::uint64_t (&masks)[3])
{
    SecureBuffer key(root);
    const char* labels[] = { "level1", "level2", "level3" };
    for (int level = 0; level < 3; ++level) {
        Bytes seed(8);
        const std::uint64_t value = seq & masks[level];
        for (int i = 0; i < 8; ++i) {
            seed[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
        }
        key = kdfTree256(key.view(), asBytes(labels[level]), seed, 32, 1);
    }
    return key;
}

TEST(Kdf, TlsTreeVectors)
{
    const std::uint64_t kuznyechikCtrOmac[3] = { 0xFFFFFFFF00000000, 0xFFFFFFFFFFF80000,
        0xFFFFFFFFFFFFFFC0 };
    EXPECT_EQ(hex(tlsTree(Bytes(32, 0xff), 63, kuznyechikCtrOmac)),
        "507642d958c520c6d7eef5ca8a5316d4f34b855d2dd4bcbf4e5bf0ff641a19ff");
    const std::uint64_t kuznyechikMgmS[3] = { 0xFFFFFFFFE0000000, 0xFFFFFFFFFFFF0000,
        0xFFFFFFFFFFFFFFF8 };
    EXPECT_EQ(
        hex(tlsTree(fromHex("581688D76EFE122BB55F62B38EF01BCC8C88DB83E9EA4D55D3898C53721FC384"), 7,
            kuznyechikMgmS)),
        "e1c59b4169d896107f78456893a3751e1573543dad8cb74069e6814a513bbb1c");
}

} // namespace
