#include "TestUtil.hpp"

#include "crypto/Kuznyechik.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

namespace
{

const Bytes KEY = fromHex("8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef");
const Bytes PLAIN = fromHex("1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a"
                            "112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011");

TEST(Kuznyechik, BlockVector)
{
    const Kuznyechik cipher(KEY);
    EXPECT_EQ(toHex(cipher.encryptEcb(fromHex("1122334455667700ffeeddccbbaa9988"))),
        "7f679d90bebc24305a468d42b9d4edcd");
}

TEST(Kuznyechik, EcbVectorAndDecrypt)
{
    const Kuznyechik cipher(KEY);
    const Bytes ecb = cipher.encryptEcb(PLAIN);
    EXPECT_EQ(toHex(ecb),
        "7f679d90bebc24305a468d42b9d4edcdb429912c6e0032f9285452d76718d08b"
        "f0ca33549d247ceef3f5a5313bd4b157d0b09ccde830b9eb3a02c4c5aa8ada98");
    EXPECT_EQ(cipher.decryptEcb(ecb), PLAIN);
    EXPECT_THROW(cipher.encryptEcb(fromHex("00")), tokenbridge::FatalError);
}

TEST(Kuznyechik, CtrVector)
{
    const Kuznyechik cipher(KEY);
    const Bytes iv = fromHex("1234567890abcef0");
    const Bytes ct = cipher.ctr(iv, PLAIN);
    EXPECT_EQ(toHex(ct),
        "f195d8bec10ed1dbd57b5fa240bda1b885eee733f6a13e5df33ce4b33c45dee4"
        "a5eae88be6356ed3d5e877f13564a3a5cb91fab1f20cbab6d1c6d15820bdba73");
    EXPECT_EQ(cipher.ctr(iv, ct), PLAIN);
    // A partial last block is the prefix of the full keystream.
    EXPECT_EQ(toHex(cipher.ctr(iv, ByteView(PLAIN).first(21))), toHex(ct).substr(0, 42));
}

TEST(Kuznyechik, OmacVector)
{
    const Kuznyechik cipher(KEY);
    const Bytes tag = cipher.omac(PLAIN);
    EXPECT_EQ(toHex(tag), "336f4d296059fbe34ddeb35b37749c67");
    EXPECT_EQ(toHex(tag).substr(0, 16), "336f4d296059fbe3");
}

TEST(Kuznyechik, OmacPartialBlockDiffers)
{
    const Kuznyechik cipher(KEY);
    EXPECT_NE(cipher.omac(ByteView(PLAIN).first(63)), cipher.omac(ByteView(PLAIN).first(64)));
    EXPECT_EQ(cipher.omac({}).size(), 16u);
}

} // namespace

#include <openssl/core_names.h>
#include <openssl/provider.h>

namespace
{

// Independent oracle: the gostprov provider's "kuznyechik-mac", loaded into a private library
// context so it does not change what the code under test resolves.
Bytes providerOmac(ByteView key, ByteView data)
{
    using LibCtxPtr = std::unique_ptr<OSSL_LIB_CTX, decltype(&OSSL_LIB_CTX_free)>;
    LibCtxPtr libctx(OSSL_LIB_CTX_new(), &OSSL_LIB_CTX_free);
    OSSL_PROVIDER* provider = OSSL_PROVIDER_load(libctx.get(), "gostprov");
    if (provider == nullptr) {
        return {};
    }
    EVP_MAC* mac = EVP_MAC_fetch(libctx.get(), "kuznyechik-mac", nullptr);
    EVP_MAC_CTX* ctx = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
    Bytes out(16);
    std::size_t length = 0;
    const bool ok = ctx != nullptr && EVP_MAC_init(ctx, key.data(), key.size(), nullptr) == 1
        && EVP_MAC_update(ctx, data.data(), data.size()) == 1
        && EVP_MAC_final(ctx, out.data(), &length, out.size()) == 1;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    OSSL_PROVIDER_unload(provider);
    out.resize(ok ? length : 0);
    return out;
}

TEST(Kuznyechik, OmacMatchesGostProviderForEveryLength)
{
    const Kuznyechik cipher(KEY);
    ASSERT_EQ(providerOmac(KEY, PLAIN), cipher.omac(PLAIN))
        << "gostprov oracle unavailable or different";
    for (std::size_t length = 0; length <= 64; ++length) {
        EXPECT_EQ(toHex(cipher.omac(ByteView(PLAIN).first(length))),
            toHex(providerOmac(KEY, ByteView(PLAIN).first(length))))
            << "length " << length;
    }
}

} // namespace
