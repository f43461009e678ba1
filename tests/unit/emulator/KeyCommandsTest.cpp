// On-card keys (docs/vtoken.md "On-card keys"): generation, signing verified by the host's
// crypto, and no answer that carries a private scalar.
#include "BerTlv.hpp"
#include "CardTestSupport.hpp"

#include "crypto/PublicKey.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::vtoken::test
{

namespace
{

    constexpr std::string_view CRYPTOPRO_A = "06072A850302022301"; // 1.2.643.2.2.35.1
    constexpr std::string_view TC26_512_A = "06092A8503070102010201"; // 1.2.643.7.1.2.1.2.1
    const std::string USER_PIN = "00200002 08" + asciiHex("12345678");

    Bytes body(const Bytes& response)
    {
        return Bytes(response.begin(), response.end() - 2);
    }

    std::string lc(size_t n)
    {
        char text[24];
        std::snprintf(text, sizeof text, "00%04zX", n);
        return text;
    }

    // GENERATE KEY PAIR with algorithm, curve and a label; returns the whole response.
    Bytes generate(TestCard& card, uint8_t algorithm, std::string_view params)
    {
        const std::string data = "8001" + toHexUpper(Bytes { algorithm }) + "81"
            + toHexUpper(Bytes { static_cast<uint8_t>(params.size() / 2) }) + std::string(params)
            + "C1026B31";
        return card.send("80460000" + lc(data.size() / 2) + data + "0000");
    }

    std::map<uint8_t, Bytes> fields(const Bytes& data)
    {
        std::map<uint8_t, Bytes> out;
        const auto parsed = ber::parse(data);
        if (!parsed) {
            ADD_FAILURE() << "malformed fields " << toHexUpper(data);
            return out;
        }
        for (const auto& f : *parsed) {
            out[f.tag] = f.value;
        }
        return out;
    }

    bool contains(const Bytes& haystack, const Bytes& needle)
    {
        return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end())
            != haystack.end();
    }

    struct Algorithm
    {
        uint8_t id;
        std::string_view params;
        crypto::KeyAlgorithm algorithm;
        std::string_view oid;
        size_t digest;
    };

    class KeyCommands : public ::testing::TestWithParam<Algorithm>
    {
    };

} // namespace

TEST(KeyCommandsTest, NeedUserPin)
{
    TestCard card;
    EXPECT_EQ(statusOf(generate(card, 1, CRYPTOPRO_A)), 0x6982);
    EXPECT_TRUE(card.card.state().keys.empty());
}

TEST(KeyCommandsTest, StorageOnlyModelsHaveNoKeyCommands)
{
    for (const auto* model : { "rutoken-s", "rutoken-lite" }) {
        TestCard card(model);
        ASSERT_EQ(card.sw(USER_PIN), 0x9000);
        EXPECT_EQ(statusOf(generate(card, 1, CRYPTOPRO_A)), 0x6D00) << model;
        EXPECT_EQ(card.sw("80480000 00"), 0x6D00) << model;
    }
}

TEST(KeyCommandsTest, UnknownCurveIsRejected)
{
    TestCard card;
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    // A 512-bit curve for a 256-bit key.
    EXPECT_EQ(statusOf(generate(card, 1, TC26_512_A)), 0x6A80);
    EXPECT_TRUE(card.card.state().keys.empty());
}

TEST_P(KeyCommands, GenerateSignVerifyAndNothingLeaks)
{
    const Algorithm a = GetParam();
    TestCard card;
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    const Bytes generated = generate(card, a.id, a.params);
    ASSERT_EQ(statusOf(generated), 0x9000);
    auto f = fields(body(generated));
    ASSERT_EQ(f[0x90].size(), 1u);
    const uint8_t ref = f[0x90][0];
    const Bytes publicKey = f[0x86];
    ASSERT_EQ(publicKey.size(), a.digest * 2);
    ASSERT_EQ(card.card.state().keys.size(), 1u);
    const Bytes scalar = fromHex(card.card.state().keys[0].at("private").get<std::string>());
    ASSERT_EQ(scalar.size(), a.digest);

    // LIST and READ OBJECT give the public half only.
    const Bytes list = card.send("80480000 000000");
    EXPECT_EQ(body(list), fromHex("9001" + toHexUpper(Bytes { ref }) + "910101"));
    const Bytes read = card.send("804801" + toHexUpper(Bytes { ref }) + "000000");
    ASSERT_EQ(statusOf(read), 0x9000);
    EXPECT_EQ(fields(body(read))[0x86], publicKey);
    EXPECT_EQ(fields(body(read))[0xC1], fromHex("6B31"));
    EXPECT_FALSE(contains(read, scalar));
    EXPECT_FALSE(contains(list, scalar));
    EXPECT_FALSE(contains(generated, scalar));

    // Sign a digest and verify it with the host's crypto.
    Bytes digest(a.digest);
    for (size_t i = 0; i < digest.size(); ++i) {
        digest[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    EXPECT_EQ(card.sw("002A9E9A " + lc(digest.size()) + toHexUpper(digest) + "0000"), 0x6985);
    ASSERT_EQ(card.sw("002241B6 03 8401" + toHexUpper(Bytes { ref })), 0x9000);
    const Bytes signResponse =
        card.send("002A9E9A " + lc(digest.size()) + toHexUpper(digest) + "0000");
    ASSERT_EQ(statusOf(signResponse), 0x9000);
    const Bytes signature = body(signResponse);
    ASSERT_EQ(signature.size(), a.digest * 2);
    EXPECT_FALSE(contains(signResponse, scalar));
    const auto pub = crypto::PublicKey::fromGostRaw(a.algorithm, a.oid, publicKey);
    EXPECT_TRUE(pub.verifyDigest(digest, signature));
    digest[0] ^= 1;
    EXPECT_FALSE(pub.verifyDigest(digest, signature));

    // A wrong digest length, and signing after logout.
    EXPECT_EQ(card.sw("002A9E9A 03 010203"), 0x6700);
    ASSERT_EQ(card.sw("0020FF02"), 0x9000);
    EXPECT_EQ(card.sw("002A9E9A " + lc(digest.size()) + toHexUpper(digest) + "0000"), 0x6982);

    // Delete needs the PIN; then the key is gone from the card's store.
    EXPECT_EQ(card.sw("80E400" + toHexUpper(Bytes { ref })), 0x6982);
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    EXPECT_EQ(card.sw("80E400" + toHexUpper(Bytes { ref })), 0x9000);
    EXPECT_TRUE(card.card.state().keys.empty());
    EXPECT_EQ(card.sw("002241B6 03 8401" + toHexUpper(Bytes { ref })), 0x6A88);
}

INSTANTIATE_TEST_SUITE_P(Gost, KeyCommands,
    ::testing::Values(
        Algorithm { 1, CRYPTOPRO_A, crypto::KeyAlgorithm::Gost2012_256, "1.2.643.2.2.35.1", 32 },
        Algorithm {
            2, TC26_512_A, crypto::KeyAlgorithm::Gost2012_512, "1.2.643.7.1.2.1.2.1", 64 }));

TEST(KeyCommandsTest, CertificateObjectsAndAttributes)
{
    TestCard card;
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    Bytes cert(700, 0x5A);
    Bytes data;
    ber::append(data, 0xC3, cert);
    ber::append(data, 0xC2, fromHex("0102"));
    const Bytes created = card.send("80D00000" + lc(data.size()) + toHexUpper(data) + "0000");
    ASSERT_EQ(statusOf(created), 0x9000);
    const uint8_t ref = fields(body(created))[0x90].at(0);
    // Only attribute tags (Cx) may be stored.
    EXPECT_EQ(card.sw("80D00000 03 860100"), 0x6A80);
    ASSERT_EQ(card.sw("80DA00" + toHexUpper(Bytes { ref }) + "04 C2020304"), 0x9000);
    const auto read = fields(body(card.send("804801" + toHexUpper(Bytes { ref }) + "000000")));
    EXPECT_EQ(read.at(0x91), Bytes { 0x02 });
    EXPECT_EQ(read.at(0xC3), cert);
    EXPECT_EQ(read.at(0xC2), fromHex("0304"));
    // A data object cannot sign.
    EXPECT_EQ(card.sw("002241B6 03 8401" + toHexUpper(Bytes { ref })), 0x6A88);
}

TEST(KeyCommandsTest, PrivateDataObjectsOnlyAfterVerify)
{
    TestCard card;
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    Bytes data;
    ber::append(data, 0x93, Bytes { 0x01 });
    ber::append(data, 0xC1, fromHex("736563726574"));
    ber::append(data, 0xC3, Bytes(40, 0x33));
    const Bytes created = card.send("80D00000" + lc(data.size()) + toHexUpper(data) + "0000");
    ASSERT_EQ(statusOf(created), 0x9000);
    const std::string ref = toHexUpper(Bytes { fields(body(created))[0x90].at(0) });
    EXPECT_EQ(card.sw("80D00000 06 930102C10161"), 0x6A80) << "93 takes 01 only";
    // Verified: listed and read, with its mark.
    EXPECT_EQ(body(card.send("80480000 000000")), fromHex("9001" + ref + "910102930101"));
    const auto read = fields(body(card.send("804801" + ref + "000000")));
    EXPECT_EQ(read.at(0x93), Bytes { 0x01 });
    EXPECT_EQ(read.at(0xC3), Bytes(40, 0x33));
    // After the logout: not listed, not readable.
    ASSERT_EQ(card.sw("0020FF02"), 0x9000);
    EXPECT_EQ(body(card.send("80480000 000000")), Bytes {});
    EXPECT_EQ(card.sw("804801" + ref + "000000"), 0x6982);
}

} // namespace tokenbridge::vtoken::test
