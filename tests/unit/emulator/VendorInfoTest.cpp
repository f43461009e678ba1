// The vendor information (80 30): the token-info fields, the card's PIN limits and whether the
// PINs are still the factory ones (docs/vtoken.md "Vendor information").
#include "CardTestSupport.hpp"
#include "Tlv.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;
using tokenbridge::vtoken::test::TestCard;

namespace
{

std::map<uint8_t, Bytes> fields(const Bytes& response)
{
    EXPECT_EQ(test::statusOf(response), 0x9000);
    const auto parsed = parseTlv(std::span(response).first(response.size() - 2));
    EXPECT_TRUE(parsed);
    std::map<uint8_t, Bytes> out;
    for (const auto& f : parsed.value_or(std::vector<Tlv> {})) {
        EXPECT_EQ(out.count(f.tag), 0u) << "tag " << int(f.tag) << " twice";
        out[f.tag] = f.value;
    }
    return out;
}

} // namespace

TEST(VendorInfo, TokenInfoFieldsThenPinLimits)
{
    TestCard t("rutoken-ecp-2.0-3000", Connection::Contact, 7);
    auto info = fields(t.send("8030000100"));
    auto tokenInfo = fields(t.send("00CA018100"));
    for (const auto& [tag, value] : tokenInfo) {
        EXPECT_EQ(info[tag], value) << "tag " << int(tag);
    }
    EXPECT_EQ(info[0x82], (Bytes { 26, 0 }));
    EXPECT_EQ(info[0x8B], (Bytes { 7, 7 })) << "user, admin retry limits";
    EXPECT_EQ(info[0x8C], (Bytes { 6, 32 })) << "PIN lengths";
    EXPECT_EQ(info.size(), tokenInfo.size() + 2);
}

TEST(VendorInfo, AnsweredByEveryModelWhateverGetDataDoes)
{
    for (const auto& model : modelCatalog()) {
        TestCard t(model.id);
        t.card.hideTokenInfo(true);
        auto info = fields(t.send("8030000100"));
        EXPECT_EQ(info[0x80], Bytes { model.tokenType }) << model.id;
        EXPECT_EQ(info[0x81], (Bytes { model.hwMajor, model.hwMinor })) << model.id;
    }
}

TEST(VendorInfo, PinStateTellsFactoryPinsFromChangedOnes)
{
    TestCard t;
    EXPECT_EQ(fields(t.send("8030000200"))[0x80], Bytes { 0x00 });
    // CHANGE REFERENCE DATA of the user PIN: 81 old 82 new.
    const std::string change =
        "0024000214 8108" + test::asciiHex("12345678") + "8208" + test::asciiHex("11223344");
    ASSERT_EQ(t.sw(change), 0x9000);
    EXPECT_EQ(fields(t.send("8030000200"))[0x80], Bytes { 0x02 });
    ASSERT_EQ(
        t.sw("0024000114 8108" + test::asciiHex("87654321") + "8208" + test::asciiHex("55667788")),
        0x9000);
    EXPECT_EQ(fields(t.send("8030000200"))[0x80], Bytes { 0x03 });
}

TEST(VendorInfo, OtherObjectsAreNotFound)
{
    TestCard t;
    EXPECT_EQ(t.sw("8030000300"), 0x6A88);
    EXPECT_EQ(t.sw("8030010100"), 0x6A88);
}
