// KEY AGREEMENT (docs/vtoken.md "On-card keys"): the card's KEG equals what the sender computes
// with its ephemeral private key and the card's public key (VKO is symmetric), the answer holds
// no private scalar, and the PIN, the key kind and the lengths are enforced.
#include "BerTlv.hpp"
#include "CardTestSupport.hpp"

#include "crypto/PrivateKey.hpp"
#include "crypto/PublicKey.hpp"
#include "crypto/SoftwareKeyAgreement.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace tokenbridge::vtoken::test
{

namespace
{

    constexpr std::string_view CRYPTOPRO_A = "06072A850302022301"; // 1.2.643.2.2.35.1
    const std::string USER_PIN = "00200002 08" + asciiHex("12345678");

    std::string hexByte(std::size_t value)
    {
        return toHexUpper(Bytes { static_cast<uint8_t>(value) });
    }

    // 80 86 00 ref: 85 peer 81 ukm.
    Bytes agree(TestCard& card, uint8_t ref, const Bytes& peer, const Bytes& ukm)
    {
        const std::string data = "85" + hexByte(peer.size()) + toHexUpper(peer) + "81"
            + hexByte(ukm.size()) + toHexUpper(ukm);
        return card.send("808600" + hexByte(ref) + hexByte(data.size() / 2) + data + "00");
    }

} // namespace

TEST(KeyAgreementTest, TheCardsKegIsTheSendersAndCarriesNoScalar)
{
    TestCard card;
    ASSERT_EQ(card.sw(USER_PIN), 0x9000);
    const std::string generate =
        "80010181" + hexByte(CRYPTOPRO_A.size() / 2) + std::string(CRYPTOPRO_A);
    const Bytes generated = card.send("80460000" + hexByte(generate.size() / 2) + generate + "00");
    ASSERT_EQ(statusOf(generated), 0x9000);
    const auto fields = *ber::parse(Bytes(generated.begin(), generated.end() - 2));
    const uint8_t ref = fields[0].value.at(0);
    const Bytes cardPublic = fields[1].value;
    const Bytes scalar = fromHex(card.card.state().keys[0].at("private").get<std::string>());

    const auto ephemeral = crypto::PrivateKey::generate(crypto::KeyAlgorithm::Gost2012_256, "A");
    Bytes ukm(32);
    for (std::size_t i = 0; i < ukm.size(); ++i) {
        ukm[i] = static_cast<uint8_t>(i + 1);
    }
    const Bytes answer = agree(card, ref, ephemeral.publicKey().gostRaw(), ukm);
    ASSERT_EQ(statusOf(answer), 0x9000);
    const Bytes keg(answer.begin(), answer.end() - 2);
    const auto cardKey = crypto::PublicKey::fromGostRaw(
        crypto::KeyAlgorithm::Gost2012_256, "1.2.643.2.2.35.1", cardPublic);
    const auto expected = crypto::softwareKeg(ephemeral, cardKey.spki(), ukm);
    EXPECT_EQ(keg, Bytes(expected.data(), expected.data() + expected.size()));
    EXPECT_EQ(
        std::search(answer.begin(), answer.end(), scalar.begin(), scalar.end()), answer.end());

    // Wrong lengths, a point not on the curve, no such key; after logout the PIN is needed.
    EXPECT_EQ(statusOf(agree(card, ref, ephemeral.publicKey().gostRaw(), Bytes(16, 1))), 0x6700);
    EXPECT_EQ(statusOf(agree(card, ref, Bytes(64, 0x01), ukm)), 0x6A80);
    EXPECT_EQ(statusOf(agree(card, 0x7E, ephemeral.publicKey().gostRaw(), ukm)), 0x6A88);
    ASSERT_EQ(card.sw("0020FF02"), 0x9000);
    EXPECT_EQ(statusOf(agree(card, ref, ephemeral.publicKey().gostRaw(), ukm)), 0x6982);
}

} // namespace tokenbridge::vtoken::test
