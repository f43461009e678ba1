#include "CardTestSupport.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;
using tokenbridge::vtoken::test::asciiHex;
using tokenbridge::vtoken::test::TestCard;

namespace
{

std::string verify(uint8_t reference, std::string_view pin)
{
    char header[16];
    std::snprintf(header, sizeof header, "002000%02X%02zX", reference, pin.size());
    return header + asciiHex(pin);
}

std::string change(uint8_t reference, std::string_view oldPin, std::string_view newPin)
{
    char header[32];
    std::snprintf(header, sizeof header, "002400%02X%02zX81%02zX", reference,
        oldPin.size() + newPin.size() + 4, oldPin.size());
    char mid[8];
    std::snprintf(mid, sizeof mid, "82%02zX", newPin.size());
    return header + asciiHex(oldPin) + mid + asciiHex(newPin);
}

} // namespace

TEST(Verify, RightPins)
{
    TestCard t;
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.sw(verify(1, "87654321")), 0x9000);
    EXPECT_EQ(t.commits, 0) << "nothing to write when the counter was full";
}

TEST(Verify, StatusForm)
{
    TestCard t;
    EXPECT_EQ(t.sw("00200002"), 0x63CA);
    ASSERT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.sw("00200002"), 0x9000);
    EXPECT_EQ(t.sw("00200001"), 0x63CA);
    EXPECT_EQ(t.commits, 0);
}

TEST(Verify, WrongPinCountsDownAndPersists)
{
    TestCard t;
    EXPECT_EQ(t.sw(verify(2, "00000000")), 0x63C9);
    EXPECT_EQ(t.sw(verify(2, "0000")), 0x63C8);
    EXPECT_EQ(t.commits, 2);
    EXPECT_EQ(t.card.state().userPin.triesLeft(), 8);
    EXPECT_EQ(t.sw("00200002"), 0x63C8);
    ASSERT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.commits, 3) << "the counter reset is written";
    EXPECT_EQ(t.sw("00200002"), 0x9000);
}

TEST(Verify, WrongPinDropsTheSecurityState)
{
    TestCard t;
    ASSERT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.sw(verify(2, "11111111")), 0x63C9);
    EXPECT_EQ(t.sw("00200002"), 0x63C9);
}

TEST(Verify, BlocksAfterMaxTries)
{
    TestCard t("rutoken-ecp-2.0-2000", Connection::Contact, 3);
    EXPECT_EQ(t.sw(verify(2, "1")), 0x63C2);
    EXPECT_EQ(t.sw(verify(2, "2")), 0x63C1);
    EXPECT_EQ(t.sw(verify(2, "3")), 0x63C0);
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x6983) << "blocked even for the right PIN";
    EXPECT_EQ(t.sw("00200002"), 0x6983);
    EXPECT_EQ(t.sw(verify(1, "87654321")), 0x9000) << "the admin PIN is separate";
}

TEST(Verify, Logout)
{
    TestCard t;
    ASSERT_EQ(t.sw(verify(1, "87654321")), 0x9000);
    ASSERT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.sw("0020FF01"), 0x9000);
    EXPECT_EQ(t.sw("00200001"), 0x63CA);
    EXPECT_EQ(t.sw("00200002"), 0x9000);
}

TEST(Verify, BadParameters)
{
    TestCard t;
    EXPECT_EQ(t.sw("00200003"
                   "0431323334"),
        0x6A86);
    EXPECT_EQ(t.sw("00200102"
                   "0431323334"),
        0x6A86);
    EXPECT_EQ(t.sw(verify(2, std::string(33, '1'))), 0x6700);
    EXPECT_EQ(t.card.state().userPin.triesLeft(), 10);
}

TEST(ChangeReferenceData, ChangesThePin)
{
    TestCard t;
    ASSERT_EQ(t.sw(change(2, "12345678", "abcdef")), 0x9000);
    EXPECT_EQ(t.sw("00200002"), 0x9000) << "verified by the change";
    t.card.powerOff();
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x63C9);
    EXPECT_EQ(t.sw(verify(2, "abcdef")), 0x9000);
}

TEST(ChangeReferenceData, WrongOldPinCounts)
{
    TestCard t;
    EXPECT_EQ(t.sw(change(1, "00000000", "newadmin")), 0x63C9);
    EXPECT_EQ(t.sw(verify(1, "87654321")), 0x9000);
}

TEST(ChangeReferenceData, NewPinLengthAndFormat)
{
    TestCard t;
    EXPECT_EQ(t.sw(change(2, "12345678", "12345")), 0x6A80);
    EXPECT_EQ(t.sw(change(2, "12345678", std::string(33, 'x'))), 0x6A80);
    EXPECT_EQ(t.sw("002400020A"
                   "8108"
                  + asciiHex("12345678")),
        0x6A80);
    EXPECT_EQ(t.card.state().userPin.triesLeft(), 10) << "a malformed request costs no try";
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x9000);
}

TEST(ChangeReferenceData, BlockedPin)
{
    TestCard t("rutoken-lite", Connection::Contact, 1);
    EXPECT_EQ(t.sw(verify(2, "bad")), 0x63C0);
    EXPECT_EQ(t.sw(change(2, "12345678", "87654321")), 0x6983);
}

TEST(ResetRetryCounter, NeedsAdmin)
{
    TestCard t;
    EXPECT_EQ(t.sw("002C0302"), 0x6982);
    ASSERT_EQ(t.sw(verify(2, "12345678")), 0x9000);
    EXPECT_EQ(t.sw("002C0302"), 0x6982) << "the user cannot unblock itself";
}

TEST(ResetRetryCounter, UnblocksTheUserPin)
{
    TestCard t("rutoken-ecp-2.0-2000", Connection::Contact, 2);
    t.sw(verify(2, "x"));
    ASSERT_EQ(t.sw(verify(2, "x")), 0x63C0);
    ASSERT_EQ(t.sw(verify(1, "87654321")), 0x9000);
    EXPECT_EQ(t.sw("002C0302"), 0x9000);
    EXPECT_EQ(t.sw("00200002"), 0x63C2);
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x9000);
}

TEST(ResetRetryCounter, SetsANewUserPin)
{
    TestCard t;
    ASSERT_EQ(t.sw(verify(1, "87654321")), 0x9000);
    EXPECT_EQ(t.sw("002C0202"
                   "06"
                  + asciiHex("654321")),
        0x9000);
    EXPECT_EQ(t.sw(verify(2, "12345678")), 0x63C9);
    EXPECT_EQ(t.sw(verify(2, "654321")), 0x9000);
}

TEST(ResetRetryCounter, BadForms)
{
    TestCard t;
    ASSERT_EQ(t.sw(verify(1, "87654321")), 0x9000);
    EXPECT_EQ(t.sw("002C0201"
                   "06"
                  + asciiHex("654321")),
        0x6A86);
    EXPECT_EQ(t.sw("002C0002"
                   "06"
                  + asciiHex("654321")),
        0x6A86);
    EXPECT_EQ(t.sw("002C0202"), 0x6700);
    EXPECT_EQ(t.sw("002C0302"
                   "01"
                   "31"),
        0x6700);
    EXPECT_EQ(t.sw("002C0202"
                   "03"
                  + asciiHex("123")),
        0x6A80);
}

TEST(PinStorage, NoPinInTheState)
{
    TestCard t;
    ASSERT_EQ(t.sw(change(2, "12345678", "S3cretPin")), 0x9000);
    const std::string json = t.card.state().toJson().dump();
    for (const char* secret : { "12345678", "87654321", "S3cretPin" }) {
        EXPECT_EQ(json.find(secret), std::string::npos) << secret;
        EXPECT_EQ(json.find(asciiHex(secret)), std::string::npos) << secret;
    }
}
