// FKN keys (docs/fkn.md §2 "FKN keys"): generated inside the channel they are marked, listed
// with 92 01 01, usable for signing and deletable only protected; 8C 5D reports the mark.
#include "BerTlv.hpp"
#include "CardTestSupport.hpp"
#include "FknTestSupport.hpp"

#include "crypto/PublicKey.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::vtoken::test
{

namespace
{

    const std::string USER_PIN = "00200002 08" + asciiHex("12345678");
    // GOST 2012-256 on CryptoPro-A, label "k1", CKA_ID 0102.
    const std::string GENERATE = "80460000 16 800101 8109 06072A850302022301 C1026B31 C2020102 00";
    constexpr std::string_view CRYPTOPRO_A_OID = "1.2.643.2.2.35.1";

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

    Bytes body(const Bytes& response)
    {
        return Bytes(response.begin(), response.end() - 2);
    }

    std::string hex(uint8_t b)
    {
        return toHexUpper(Bytes { b });
    }

    struct Generated
    {
        uint8_t ref;
        Bytes publicKey;
    };

    Generated generateProtected(fkn::SecureChannel& channel, Card& card)
    {
        const auto response = sendProtected(channel, card, GENERATE);
        EXPECT_EQ(response.sw, 0x9000);
        auto f = fields(response.data);
        return { f.at(0x90).at(0), f.at(0x86) };
    }

} // namespace

TEST(FknKeys, GeneratedInsideTheChannelIsMarkedAndListed)
{
    TestCard card;
    auto channel = openSession(card.card);
    const auto fknKey = generateProtected(channel, card.card);
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    const Bytes plain = card.send(GENERATE);
    ASSERT_EQ(statusOf(plain), 0x9000);
    const uint8_t plainRef = fields(body(plain)).at(0x90).at(0);

    EXPECT_TRUE(card.card.state().keys[0].at("fkn").get<bool>());
    EXPECT_FALSE(card.card.state().keys[1].contains("fkn"));
    // The list and the detail show the mark without a PIN.
    card.card.reset();
    EXPECT_EQ(toHexUpper(body(card.send("80480000 00"))),
        "9001" + hex(fknKey.ref) + "910101" + "920101" + "9001" + hex(plainRef) + "910101");
    const auto detail = fields(body(card.send("804801" + hex(fknKey.ref) + "00")));
    EXPECT_EQ(detail.at(0x92), Bytes { 0x01 });
    EXPECT_EQ(detail.at(0x86), fknKey.publicKey);
    EXPECT_EQ(detail.at(0xC2), fromHex("0102"));
    EXPECT_FALSE(fields(body(card.send("804801" + hex(plainRef) + "00"))).contains(0x92));
}

TEST(FknKeys, SignOnlyProtectedInsideTheSession)
{
    TestCard card;
    auto channel = openSession(card.card);
    const auto key = generateProtected(channel, card.card);
    Bytes digest(32);
    for (size_t i = 0; i < digest.size(); ++i) {
        digest[i] = static_cast<uint8_t>(3 * i + 5);
    }
    const std::string mse = "002241B6 03 8401" + hex(key.ref);
    const std::string pso = "002A9E9A 20" + toHexUpper(digest) + "00";

    // Plain, even with the user PIN verified: refused at MSE and at PSO.
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    EXPECT_EQ(card.sw(mse), 0x6982);
    ASSERT_EQ(sendProtected(channel, card.card, mse).sw, 0x9000); // selected inside...
    EXPECT_EQ(card.sw(pso), 0x6982); // ...but signing plain is still refused

    // Protected: signs, and the host's crypto verifies the signature.
    const auto signResponse = sendProtected(channel, card.card, pso);
    ASSERT_EQ(signResponse.sw, 0x9000);
    const auto pub = crypto::PublicKey::fromGostRaw(
        crypto::KeyAlgorithm::Gost2012_256, CRYPTOPRO_A_OID, key.publicKey);
    EXPECT_TRUE(pub.verifyDigest(digest, signResponse.data));
    digest[0] ^= 1;
    EXPECT_FALSE(pub.verifyDigest(digest, signResponse.data));

    // After the session ended the key is refused again.
    card.card.reset();
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    EXPECT_EQ(card.sw(mse), 0x6982);
}

TEST(FknKeys, KeyAttributesAnswer)
{
    TestCard card;
    auto channel = openSession(card.card);
    const auto fknKey = generateProtected(channel, card.card);
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    const uint8_t plainRef = fields(body(card.send(GENERATE))).at(0x90).at(0);
    const Bytes dataObject = card.send("80D00000 04 C1026431 00");
    ASSERT_EQ(statusOf(dataObject), 0x9000);
    const uint8_t dataRef = fields(body(dataObject)).at(0x90).at(0);

    auto fknAnswer = sendProtected(channel, card.card, "805D00" + hex(fknKey.ref) + "00");
    EXPECT_EQ(fknAnswer.sw, 0x9000);
    EXPECT_EQ(toHexUpper(fknAnswer.data), "800101810100");
    auto plainAnswer = sendProtected(channel, card.card, "805D00" + hex(plainRef) + "00");
    EXPECT_EQ(toHexUpper(plainAnswer.data), "800100810100");
    EXPECT_EQ(sendProtected(channel, card.card, "805D00" + hex(dataRef) + "00").sw, 0x6A88);
    EXPECT_EQ(sendProtected(channel, card.card, "805D00F0 00").sw, 0x6A88);
    // Plain: refused even with the user PIN verified.
    EXPECT_EQ(card.sw("805D00" + hex(fknKey.ref) + "00"), 0x6982);
}

TEST(FknKeys, DeleteOnlyProtected)
{
    TestCard card;
    auto channel = openSession(card.card);
    const auto key = generateProtected(channel, card.card);
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    EXPECT_EQ(card.sw("80E400" + hex(key.ref)), 0x6982);
    EXPECT_EQ(card.card.state().keys.size(), 1u);
    // Public attributes stay settable plain (label, CKA_ID of the PKCS#11 module).
    EXPECT_EQ(card.sw("80DA00" + hex(key.ref) + " 04 C1026B32"), 0x9000);
    EXPECT_EQ(sendProtected(channel, card.card, "80E400" + hex(key.ref)).sw, 0x9000);
    EXPECT_TRUE(card.card.state().keys.empty());
}

} // namespace tokenbridge::vtoken::test
