// What the key signs: H(H(origin) || H(nonce)), checked against the openssl CLI's digests, and
// the token's signature encodings.
#include "AuthSupport.hpp"
#include "OpenSslCli.hpp"

#include "auth/AuthAlgorithm.hpp"
#include "crypto/PublicKey.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::auth
{
namespace
{

    using crypto::KeyAlgorithm;

    // H(H(origin) || H(nonce)) by `openssl dgst -<md>`, three separate runs.
    Bytes cliDigest(const std::string& md, const std::string& origin, const std::string& nonce)
    {
        const crypto::test::OpenSslCli cli;
        const auto originFile = cli.write("origin", origin);
        const auto nonceFile = cli.write("nonce", nonce);
        EXPECT_EQ(cli.run("dgst -" + md + " -binary -out " + originFile + ".h " + originFile), 0);
        EXPECT_EQ(cli.run("dgst -" + md + " -binary -out " + nonceFile + ".h " + nonceFile), 0);
        auto both = cli.read("origin.h");
        const auto second = cli.read("nonce.h");
        both.insert(both.end(), second.begin(), second.end());
        const auto joined = cli.write("joined", ByteView(both));
        EXPECT_EQ(cli.run("dgst -" + md + " -binary -out " + joined + ".h " + joined), 0);
        return cli.read("joined.h");
    }

    struct DigestCase
    {
        KeyAlgorithm key;
        const char* md;
        std::size_t size;
    };

    constexpr DigestCase CASES[] = {
        { KeyAlgorithm::Gost2012_256, "md_gost12_256", 32 },
        { KeyAlgorithm::Gost2012_512, "md_gost12_512", 64 },
        { KeyAlgorithm::EcdsaP256, "sha256", 32 },
        { KeyAlgorithm::Rsa, "sha256", 32 },
    };

    TEST(AuthDigest, isTheNestedHashOpenSslComputes)
    {
        for (const auto& entry : CASES) {
            const auto& algorithm = authAlgorithmOf(entry.key);
            const auto digest = authDigest(algorithm, test::ORIGIN, test::NONCE);
            EXPECT_EQ(digest.size(), entry.size) << algorithm.name;
            EXPECT_EQ(toHex(digest), toHex(cliDigest(entry.md, test::ORIGIN, test::NONCE)))
                << algorithm.name;
        }
    }

    // docs/authentication.md's worked example.
    TEST(AuthDigest, documentedExample)
    {
        const auto digest = authDigest(
            authAlgorithmOf(KeyAlgorithm::Gost2012_256), "https://portal.example", test::NONCE);
        EXPECT_EQ(
            toHex(digest), "fcf5070c391028c6fdc1c046a612cd7ff8884dfe39754b1d543963d5c88963b5");
    }

    TEST(AuthDigest, bindsOriginAndNonceSeparately)
    {
        const auto& algorithm = authAlgorithmOf(KeyAlgorithm::Gost2012_256);
        const auto base = authDigest(algorithm, "https://a.example", "AAAA");
        // Moving a character across the boundary changes the value (no plain concatenation).
        EXPECT_NE(base, authDigest(algorithm, "https://a.exampleA", "AAA"));
        EXPECT_NE(base, authDigest(algorithm, "https://a.example:443", "AAAA"));
        EXPECT_NE(base, authDigest(algorithm, "https://a.example", "AAAB"));
        EXPECT_EQ(base, authDigest(algorithm, "https://a.example", "AAAA"));
    }

    TEST(AuthAlgorithm, namesAreTheTokenFormats)
    {
        EXPECT_EQ(authAlgorithmOf(KeyAlgorithm::Gost2012_256).name, "GOST3410-2012-256");
        EXPECT_EQ(authAlgorithmOf(KeyAlgorithm::Gost2012_512).name, "GOST3410-2012-512");
        EXPECT_EQ(authAlgorithmOf(KeyAlgorithm::EcdsaP256).name, "ES256");
        EXPECT_EQ(authAlgorithmOf(KeyAlgorithm::Rsa).name, "RS256");
        EXPECT_EQ(findAuthAlgorithm("ES256")->key, KeyAlgorithm::EcdsaP256);
        EXPECT_EQ(findAuthAlgorithm("gost2012_256"), nullptr);
        EXPECT_EQ(findAuthAlgorithm(""), nullptr);
    }

    TEST(AuthSignature, ecdsaIsRawFixedLengthAndConvertsBack)
    {
        crypto::SoftwareSigner signer(crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256));
        const auto& algorithm = authAlgorithmOf(KeyAlgorithm::EcdsaP256);
        const auto key = crypto::PublicKey::fromSpki(signer.publicKeySpki());
        // Many signatures, so some have an r or s with a leading zero byte (DER shortens those).
        for (int i = 0; i < 64; ++i) {
            const auto digest = authDigest(algorithm, test::ORIGIN, std::to_string(i));
            const auto raw = toTokenSignature(KeyAlgorithm::EcdsaP256, signer.signDigest(digest));
            ASSERT_EQ(raw.size(), 64U);
            EXPECT_TRUE(key.verifyDigest(digest, fromTokenSignature(KeyAlgorithm::EcdsaP256, raw)));
        }
        EXPECT_THROW(fromTokenSignature(KeyAlgorithm::EcdsaP256, Bytes(63, 1)), RequestError);
    }

    TEST(AuthSignature, gostIsTheX509Encoding)
    {
        crypto::SoftwareSigner signer(
            crypto::PrivateKey::generate(KeyAlgorithm::Gost2012_512, "A"));
        const auto digest =
            authDigest(authAlgorithmOf(KeyAlgorithm::Gost2012_512), test::ORIGIN, test::NONCE);
        const auto signature = signer.signDigest(digest);
        EXPECT_EQ(toTokenSignature(KeyAlgorithm::Gost2012_512, signature), signature);
        EXPECT_EQ(signature.size(), 128U);
    }

} // namespace
} // namespace tokenbridge::auth
