#include "pcsc/Apdu.hpp"
#include "protocol/Error.hpp"

#include <gtest/gtest.h>

using tokenbridge::FatalError;
using namespace tokenbridge::pcsc;

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
    EXPECT_EQ(verifyStatus.toBytes(), (Bytes { 0x00, 0x20, 0x00, 0x02 }));
    EXPECT_FALSE(verifyStatus.isExtended());
}

TEST(CommandApdu, Case2ShortEncodesLe256AsZero)
{
    EXPECT_EQ((CommandApdu { 0x00, 0xCA, 0x01, 0x81, {}, 256 }).toBytes(),
        (Bytes { 0x00, 0xCA, 0x01, 0x81, 0x00 }));
    EXPECT_EQ((CommandApdu { 0x00, 0x84, 0x00, 0x00, {}, 8 }).toBytes(),
        (Bytes { 0x00, 0x84, 0x00, 0x00, 0x08 }));
}

TEST(CommandApdu, Case3Short)
{
    const CommandApdu select { 0x00, 0xA4, 0x00, 0x0C, { 0x3F, 0x00 }, std::nullopt };
    EXPECT_EQ(select.toBytes(), (Bytes { 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 }));
}

TEST(CommandApdu, Case4Short)
{
    const CommandApdu select { 0x00, 0xA4, 0x00, 0x04, { 0x3F, 0x00 }, 256 };
    EXPECT_EQ(select.toBytes(), (Bytes { 0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00, 0x00 }));
}

TEST(CommandApdu, ShortLimitsStayShort)
{
    const CommandApdu command { 0x00, 0xD6, 0x00, 0x00, filled(255, 0xAB), 256 };
    EXPECT_FALSE(command.isExtended());
    const auto bytes = command.toBytes();
    ASSERT_EQ(bytes.size(), 4u + 1 + 255 + 1);
    EXPECT_EQ(bytes[4], 0xFF);
    EXPECT_EQ(bytes.back(), 0x00);
}

TEST(CommandApdu, Case2ExtendedForLeAbove256)
{
    const CommandApdu read { 0x00, 0xB0, 0x00, 0x00, {}, 257 };
    EXPECT_TRUE(read.isExtended());
    EXPECT_EQ(read.toBytes(), (Bytes { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x01 }));
    const CommandApdu readMax { 0x00, 0xB0, 0x00, 0x00, {}, 65536 };
    EXPECT_EQ(readMax.toBytes(), (Bytes { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00 }));
}

TEST(CommandApdu, Case3ExtendedForDataAbove255)
{
    const CommandApdu update { 0x00, 0xD6, 0x00, 0x00, filled(256, 0x5A), std::nullopt };
    EXPECT_TRUE(update.isExtended());
    EXPECT_EQ(update.toBytes(), concat({ 0x00, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x00 }, update.data));
}

TEST(CommandApdu, Case4ExtendedHasOneMarkerAndTwoByteLe)
{
    const CommandApdu sign { 0x80, 0x2A, 0x9E, 0x9A, filled(300, 0x11), 65536 };
    const auto expected =
        concat(concat({ 0x80, 0x2A, 0x9E, 0x9A, 0x00, 0x01, 0x2C }, sign.data), { 0x00, 0x00 });
    EXPECT_EQ(sign.toBytes(), expected);
    // Short data but a long Le also forces the extended form of both fields.
    const CommandApdu longLe { 0x00, 0xCA, 0x00, 0x00, { 0x01 }, 1000 };
    EXPECT_EQ(
        longLe.toBytes(), (Bytes { 0x00, 0xCA, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0xE8 }));
}

TEST(CommandApdu, RejectsOutOfRangeLengths)
{
    EXPECT_THROW((void)(CommandApdu { 0, 0xD6, 0, 0, filled(65536, 0), std::nullopt }).toBytes(),
        FatalError);
    EXPECT_THROW((void)(CommandApdu { 0, 0xB0, 0, 0, {}, 0 }).toBytes(), FatalError);
    EXPECT_THROW((void)(CommandApdu { 0, 0xB0, 0, 0, {}, 65537 }).toBytes(), FatalError);
    EXPECT_NO_THROW((void)(CommandApdu { 0, 0xD6, 0, 0, filled(65535, 0), 65536 }).toBytes());
}

TEST(ResponseApdu, SplitsDataAndStatusWord)
{
    const Bytes raw { 0x01, 0x02, 0x03, 0x90, 0x00 };
    const auto response = ResponseApdu::fromBytes(raw);
    EXPECT_EQ(response.data, (Bytes { 0x01, 0x02, 0x03 }));
    EXPECT_EQ(response.sw(), 0x9000);
    EXPECT_TRUE(response.isOk());
    EXPECT_EQ(response.toBytes(), raw);
}

TEST(ResponseApdu, StatusWordOnly)
{
    const auto response = ResponseApdu::fromBytes(Bytes { 0x63, 0xC2 });
    EXPECT_TRUE(response.data.empty());
    EXPECT_EQ(response.sw(), 0x63C2);
    EXPECT_FALSE(response.isOk());
}

TEST(ResponseApdu, TooShortIsACardError)
{
    for (const auto& raw : { Bytes {}, Bytes { 0x90 } }) {
        try {
            (void)ResponseApdu::fromBytes(raw);
            ADD_FAILURE() << "no exception for " << raw.size() << " bytes";
        } catch (const tokenbridge::Error& error) {
            EXPECT_EQ(error.code(), tokenbridge::protocol::ErrorCode::CARD_ERROR);
        }
    }
}
