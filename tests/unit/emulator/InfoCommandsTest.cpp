#include "CardTestSupport.hpp"
#include "Tlv.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;
using tokenbridge::vtoken::test::TestCard;

namespace
{

std::map<uint8_t, Bytes> tokenInfo(TestCard& t)
{
    const Bytes response = t.send("00CA018100");
    EXPECT_EQ(test::statusOf(response), 0x9000);
    const auto fields = parseTlv(std::span(response).first(response.size() - 2));
    EXPECT_TRUE(fields);
    std::map<uint8_t, Bytes> out;
    for (const auto& f : *fields) {
        out[f.tag] = f.value;
    }
    return out;
}

} // namespace

TEST(TokenInfo, EcpThreeTwoTwoTwenty)
{
    TestCard t("rutoken-ecp-3.0-3220");
    auto info = tokenInfo(t);
    EXPECT_EQ(info[0x80], Bytes { 0x01 });
    EXPECT_EQ(info[0x81], (Bytes { 65, 0 }));
    EXPECT_EQ(info[0x82], (Bytes { 30, 0 }));
    EXPECT_EQ(info[0x83], (Bytes { 0x0A, 0x1B, 0x2C, 0x3D }));
    EXPECT_EQ(info[0x84], (Bytes { 0, 0, 0, 0x10 }));
    EXPECT_EQ(info[0x85], Bytes { 0x03 });
    EXPECT_EQ(info[0x86], Bytes { 0x01 });
    EXPECT_EQ(info[0x87], Bytes { 0x01 });
    EXPECT_EQ(info.count(0x88), 0u) << "no name below firmware 32";
    EXPECT_EQ(info[0x89].size(), 4u);
    EXPECT_EQ(info[0x8A].size(), 4u);
}

TEST(TokenInfo, StorageOnlyModelsHaveNoCryptoCore)
{
    for (const char* id : { "rutoken-s", "rutoken-lite" }) {
        TestCard t(id);
        EXPECT_EQ(tokenInfo(t)[0x85], Bytes { 0x00 }) << id;
    }
}

TEST(TokenInfo, NameFromFirmware32)
{
    TestCard t("rutoken-ecp-pki");
    const Bytes name = tokenInfo(t)[0x88];
    EXPECT_EQ(std::string(name.begin(), name.end()), "Рутокен ЭЦП PKI");
}

TEST(TokenInfo, InterfacesFollowTheConnection)
{
    TestCard contact("smartcard-rutoken-ecp-3.0-nfc-3100");
    EXPECT_EQ(tokenInfo(contact)[0x86], Bytes { 0x08 });
    EXPECT_EQ(tokenInfo(contact)[0x87], Bytes { 0x28 });
    TestCard nfc("smartcard-rutoken-ecp-3.0-nfc-3100", Connection::Nfc);
    EXPECT_EQ(tokenInfo(nfc)[0x86], Bytes { 0x20 });
    TestCard bt("rutoken-ecp-bluetooth");
    EXPECT_EQ(tokenInfo(bt)[0x86], Bytes { 0x02 });
    EXPECT_EQ(tokenInfo(bt)[0x87], Bytes { 0x03 });
}

TEST(TokenInfo, FreeMemoryShrinksWithFiles)
{
    TestCard t;
    const auto before = tokenInfo(t)[0x8A];
    ASSERT_EQ(t.sw("0020000208" + test::asciiHex("12345678")), 0x9000);
    ASSERT_EQ(t.sw("00E000000D 620B 820101 83021001 80020100"), 0x9000);
    const auto after = tokenInfo(t)[0x8A];
    auto value = [](const Bytes& b) {
        return uint32_t(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
    };
    EXPECT_EQ(value(before) - value(after), 0x100u + 32u);
}

TEST(TokenInfo, OtherDataObjectsAreNotFound)
{
    TestCard t;
    EXPECT_EQ(t.sw("00CA018200"), 0x6A88);
    EXPECT_EQ(t.sw("00CA000000"), 0x6A88);
}

TEST(TokenInfo, HiddenAsOnACardThatNeverHeardOfIt)
{
    TestCard t;
    ASSERT_EQ(t.sw("00CA018100"), 0x9000);
    t.card.hideTokenInfo(true);
    EXPECT_EQ(t.send("00CA018100"), (Bytes { 0x6A, 0x88 }));
    EXPECT_EQ(t.sw("00CA018200"), 0x6A88);
    EXPECT_EQ(t.sw("8030000100"), 0x9000) << "the vendor information stays";
    t.card.hideTokenInfo(false);
    EXPECT_EQ(t.sw("00CA018100"), 0x9000);
}

TEST(GetChallenge, ReturnsLeRandomBytes)
{
    TestCard t;
    const Bytes a = t.send("0084000008");
    const Bytes b = t.send("0084000008");
    ASSERT_EQ(a.size(), 10u);
    EXPECT_EQ(test::statusOf(a), 0x9000);
    EXPECT_NE(a, b);
    EXPECT_EQ(t.send("0084000000").size(), 258u);
}

TEST(GetChallenge, NeedsLeAndZeroParameters)
{
    TestCard t;
    EXPECT_EQ(t.sw("00840000"), 0x6700);
    EXPECT_EQ(t.sw("0084010008"), 0x6A86);
}

TEST(Dispatch, UnknownClassAndInstruction)
{
    // CLA 0C is secure messaging on FKN models (FknSessionTest): a model without FKN here.
    TestCard t("rutoken-ecp-2.0-2100");
    EXPECT_EQ(t.sw("0CA4000C023F00"), 0x6E00);
    EXPECT_EQ(t.sw("00FE0000"), 0x6D00);
    EXPECT_EQ(t.sw("80CA018100"), 0x6D00);
    EXPECT_EQ(t.sw("00CA01"), 0x6700);
}
