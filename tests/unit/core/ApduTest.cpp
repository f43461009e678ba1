// The one APDU type of host/core: encoding (the host's commands), parsing (vtoken's card side
// and the FKN channel), the response's status word.
#include "core/Apdu.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;

namespace
{

Bytes filled(size_t size, uint8_t value)
{
    return Bytes(size, value);
}

Bytes concat(Bytes head, const Bytes& tail)
{
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

} // namespace

TEST(CommandApdu, Case1HeaderOnly)
{
    const CommandApdu verifyStatus { 0x00, 0x20, 0x00, 0x02, {}, std::nullopt };
    EXPECT_EQ(verifyStatus.encode(), (Bytes { 0x00, 0x20, 0x00, 0x02 }));
    EXPECT_FALSE(verifyStatus.isExtended());
}

TEST(CommandApdu, Case2ShortEncodesLe256AsZero)
{
    EXPECT_EQ((CommandApdu { 0x00, 0xCA, 0x01, 0x81, {}, 256 }).encode(),
        (Bytes { 0x00, 0xCA, 0x01, 0x81, 0x00 }));
    EXPECT_EQ((CommandApdu { 0x00, 0x84, 0x00, 0x00, {}, 8 }).encode(),
        (Bytes { 0x00, 0x84, 0x00, 0x00, 0x08 }));
}

TEST(CommandApdu, Case3Short)
{
    const CommandApdu select { 0x00, 0xA4, 0x00, 0x0C, { 0x3F, 0x00 }, std::nullopt };
    EXPECT_EQ(select.encode(), (Bytes { 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 }));
}

TEST(CommandApdu, Case4Short)
{
    const CommandApdu select { 0x00, 0xA4, 0x00, 0x04, { 0x3F, 0x00 }, 256 };
    EXPECT_EQ(select.encode(), (Bytes { 0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00, 0x00 }));
}

TEST(CommandApdu, ShortLimitsStayShort)
{
    const CommandApdu command { 0x00, 0xD6, 0x00, 0x00, filled(255, 0xAB), 256 };
    EXPECT_FALSE(command.isExtended());
    const auto bytes = command.encode();
    ASSERT_EQ(bytes.size(), 4u + 1 + 255 + 1);
    EXPECT_EQ(bytes[4], 0xFF);
    EXPECT_EQ(bytes.back(), 0x00);
}

TEST(CommandApdu, Case2ExtendedForLeAbove256)
{
    const CommandApdu read { 0x00, 0xB0, 0x00, 0x00, {}, 257 };
    EXPECT_TRUE(read.isExtended());
    EXPECT_EQ(read.encode(), (Bytes { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x01 }));
    const CommandApdu readMax { 0x00, 0xB0, 0x00, 0x00, {}, 65536 };
    EXPECT_EQ(readMax.encode(), (Bytes { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00 }));
}

TEST(CommandApdu, Case3ExtendedForDataAbove255)
{
    const CommandApdu update { 0x00, 0xD6, 0x00, 0x00, filled(256, 0x5A), std::nullopt };
    EXPECT_TRUE(update.isExtended());
    EXPECT_EQ(update.encode(), concat({ 0x00, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x00 }, update.data));
}

TEST(CommandApdu, Case4ExtendedHasOneMarkerAndTwoByteLe)
{
    const CommandApdu sign { 0x80, 0x2A, 0x9E, 0x9A, filled(300, 0x11), 65536 };
    const auto expected =
        concat(concat({ 0x80, 0x2A, 0x9E, 0x9A, 0x00, 0x01, 0x2C }, sign.data), { 0x00, 0x00 });
    EXPECT_EQ(sign.encode(), expected);
    // Short data but a long Le also forces the extended form of both fields.
    const CommandApdu longLe { 0x00, 0xCA, 0x00, 0x00, { 0x01 }, 1000 };
    EXPECT_EQ(
        longLe.encode(), (Bytes { 0x00, 0xCA, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0xE8 }));
}

TEST(CommandApdu, RejectsOutOfRangeLengths)
{
    EXPECT_THROW(
        (void)(CommandApdu { 0, 0xD6, 0, 0, filled(65536, 0), std::nullopt }).encode(), FatalError);
    EXPECT_THROW((void)(CommandApdu { 0, 0xB0, 0, 0, {}, 0 }).encode(), FatalError);
    EXPECT_THROW((void)(CommandApdu { 0, 0xB0, 0, 0, {}, 65537 }).encode(), FatalError);
    EXPECT_NO_THROW((void)(CommandApdu { 0, 0xD6, 0, 0, filled(65535, 0), 65536 }).encode());
}

TEST(ResponseApdu, SplitsDataAndStatusWord)
{
    const Bytes raw { 0x01, 0x02, 0x03, 0x90, 0x00 };
    const auto response = ResponseApdu::parse(raw);
    EXPECT_EQ(response.data, (Bytes { 0x01, 0x02, 0x03 }));
    EXPECT_EQ(response.sw, 0x9000);
    EXPECT_TRUE(response.isOk());
    EXPECT_EQ(response.encode(), raw);
}

TEST(ResponseApdu, StatusWordOnly)
{
    const auto response = ResponseApdu::parse(Bytes { 0x63, 0xC2 });
    EXPECT_TRUE(response.data.empty());
    EXPECT_EQ(response.sw, 0x63C2);
    EXPECT_FALSE(response.isOk());
}

TEST(ResponseApdu, TooShortIsACardError)
{
    for (const auto& raw : { Bytes {}, Bytes { 0x90 } }) {
        try {
            (void)ResponseApdu::parse(raw);
            ADD_FAILURE() << "no exception for " << raw.size() << " bytes";
        } catch (const tokenbridge::Error& error) {
            EXPECT_EQ(error.code(), tokenbridge::ErrorCode::CARD_ERROR);
        }
    }
}

TEST(CommandApduParse, Case1HeaderOnly)
{
    const auto apdu = CommandApdu::parse(fromHex("00200002"));
    ASSERT_TRUE(apdu);
    EXPECT_EQ(apdu->ins, 0x20);
    EXPECT_EQ(apdu->p2, 0x02);
    EXPECT_TRUE(apdu->data.empty());
    EXPECT_FALSE(apdu->le);
}

TEST(CommandApduParse, Case2ShortLeZeroMeans256)
{
    EXPECT_EQ(CommandApdu::parse(fromHex("00B0000000"))->le, 256u);
    EXPECT_EQ(CommandApdu::parse(fromHex("00B0000010"))->le, 16u);
}

TEST(CommandApduParse, Case3And4Short)
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

TEST(CommandApduParse, Extended)
{
    const auto c2 = CommandApdu::parse(fromHex("00B00000000000"));
    ASSERT_TRUE(c2);
    EXPECT_EQ(c2->le, 65536u);
    const auto c4 = CommandApdu::parse(fromHex("00D6000000000301020301F4"));
    ASSERT_TRUE(c4);
    EXPECT_EQ(c4->data, (Bytes { 1, 2, 3 }));
    EXPECT_EQ(c4->le, 500u);
    const auto c3 = CommandApdu::parse(fromHex("00D600000000020102"));
    ASSERT_TRUE(c3);
    EXPECT_FALSE(c3->le);
}

TEST(CommandApduParse, MalformedLengthsAreRejected)
{
    EXPECT_FALSE(CommandApdu::parse(fromHex("00B000")));
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D600000301"))); // Lc 3, 1 byte
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D60000020102030405"))); // too long
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D6000000000201"))); // extended, short data
    EXPECT_FALSE(CommandApdu::parse(fromHex("00D600000000"))); // 6 bytes
}

TEST(ResponseApdu, AppendsStatusWord)
{
    EXPECT_EQ((ResponseApdu { { 0xAA }, 0x6282 }.encode()), (Bytes { 0xAA, 0x62, 0x82 }));
}

TEST(CommandApdu, AllCasesRoundTrip)
{
    const CommandApdu cases[] = {
        { 0x00, 0xA4, 0x00, 0x0C, {}, std::nullopt },
        { 0x00, 0xB0, 0x00, 0x00, {}, 256 },
        { 0x80, 0x5A, 0x00, 0x00, { 1, 2, 3 }, std::nullopt },
        { 0x80, 0x5A, 0x00, 0x00, { 1, 2, 3 }, 17 },
        { 0x00, 0xB0, 0x00, 0x00, {}, 65536 },
        { 0x00, 0xD6, 0x00, 0x00, Bytes(300, 7), std::nullopt },
        { 0x00, 0xD6, 0x00, 0x00, Bytes(300, 7), 1000 },
    };
    for (const CommandApdu& apdu : cases) {
        const CommandApdu back = CommandApdu::parse(apdu.encode()).value();
        EXPECT_EQ(back.encode(), apdu.encode());
        EXPECT_EQ(back.data, apdu.data);
        EXPECT_EQ(back.le, apdu.le);
    }
    EXPECT_EQ(toHex(cases[3].encode()), "805a00000301020311");
    EXPECT_FALSE(CommandApdu::parse(Bytes { 0, 1, 2 }));
    EXPECT_FALSE(CommandApdu::parse(Bytes { 0, 1, 2, 3, 5, 1 }));
}
