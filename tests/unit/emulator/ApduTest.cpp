#include "Apdu.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge::vtoken;

TEST(Apdu, Case1HeaderOnly)
{
    const auto apdu = CommandApdu::parse(fromHex("00200002"));
    ASSERT_TRUE(apdu);
    EXPECT_EQ(apdu->ins, 0x20);
    EXPECT_EQ(apdu->p2, 0x02);
    EXPECT_TRUE(apdu->data.empty());
    EXPECT_FALSE(apdu->le);
}

TEST(Apdu, Case2ShortLeZeroMeans256)
{
    EXPECT_EQ(CommandApdu::parse(fromHex("00B0000000"))->le, 256u);
    EXPECT_EQ(CommandApdu::parse(fromHex("00B0000010"))->le, 16u);
}

TEST(Apdu, Case3And4Short)
{
    const auto c3 = CommandApdu::parse(fromHex("00D60000020102"));
    ASSERT_TRUE(c3);
    EXPECT_EQ(c3->data, (Bytes { 1, 2 }));
    EXPECT_FALSE(c3->le);
    const auto c4 = CommandApdu::parse(fromHex("00A40004023F0000"));
    ASSERT_TRUE(c4);
    EXPECT_EQ(c4->data, (Bytes { 0x3F, 0x00 }));
    EXPECT_EQ(c4->le, 256u);
}

TEST(Apdu, Extended)
{
    const auto c2 = CommandApdu::parse(fromHex("00B00000000000"));
    ASSERT_TRUE(c2);
    EXPECT_TRUE(c2->extended);
    EXPECT_EQ(c2->le, 65536u);
    const auto c4 = CommandApdu::parse(fromHex("00D6000000000301020301F4"));
    ASSERT_TRUE(c4);
    EXPECT_EQ(c4->data, (Bytes { 1, 2, 3 }));
    EXPECT_EQ(c4->le, 500u);
    const auto c3 = CommandApdu::parse(fromHex("00D600000000020102"));
    ASSERT_TRUE(c3);
    EXPECT_FALSE(c3->le);
}

TEST(Apdu, MalformedLengthsAreRejected)
{
    EXPECT_FALSE(CommandApdu::parse(fromHex("00B000")));
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D600000301"))); // Lc 3, 1 byte
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D60000020102030405"))); // too long
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D6000000000201"))); // extended, short data
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D600000000"))); // 6 bytes
}

TEST(Apdu, ResponseAppendsStatusWord)
{
    EXPECT_EQ((Response { { 0xAA }, 0x6282 }.toBytes()), (Bytes { 0xAA, 0x62, 0x82 }));
}
