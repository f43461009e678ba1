#include "TestSupport.hpp"
#include "devices/TokenInfo.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>
#include <random>

namespace tokenbridge::devices
{
namespace
{

    using test::hexBytes;

    // 3220 from docs/vtoken.md: type 01, hw 65.0, fw 30.0, serial 0A1B2C3D, FKN flag, core + FKN,
    // USB current and supported, 128 KiB total, 100000 free.
    const std::string VALID = "800101"
                              "81024100"
                              "82021E00"
                              "83040A1B2C3D"
                              "840400000010"
                              "850103"
                              "860101"
                              "870101"
                              "890400020000"
                              "8A04000186A0";

    void expectCardError(const std::vector<uint8_t>& bytes, const std::string& why)
    {
        try {
            parseTokenInfo(bytes);
            ADD_FAILURE() << "accepted: " << why;
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), ErrorCode::CARD_ERROR) << why;
        }
    }

    TEST(TokenInfo, ParsesEveryTag)
    {
        const auto info = parseTokenInfo(hexBytes(VALID));
        EXPECT_EQ(info.tokenType, 0x01);
        EXPECT_EQ(info.hardware, (Version { 65, 0 }));
        EXPECT_EQ(info.firmware, (Version { 30, 0 }));
        EXPECT_EQ(info.serial, 0x0A1B2C3Du);
        EXPECT_EQ(info.flags, TOKEN_FLAG_SUPPORT_FKN);
        EXPECT_EQ(info.features, FEATURE_CRYPTO_CORE | FEATURE_FKN);
        EXPECT_EQ(info.currentInterface, INTERFACE_USB);
        EXPECT_EQ(info.supportedInterfaces, INTERFACE_USB);
        EXPECT_EQ(info.totalMemory, 0x20000u);
        EXPECT_EQ(info.freeMemory, 100000u);
        EXPECT_TRUE(info.modelName.empty());
    }

    TEST(TokenInfo, RoundTripsWithModelName)
    {
        TokenInfo info;
        info.tokenType = 0x41;
        info.hardware = { 70, 1 };
        info.firmware = { 32, 5 };
        info.serial = 0xFFFFFFFF;
        info.flags = 0x80000210;
        info.modelName = "Смарт-карта Рутокен 2151";
        const auto parsed = parseTokenInfo(test::encodeTokenInfo(info));
        EXPECT_EQ(parsed.modelName, info.modelName);
        EXPECT_EQ(parsed.serial, info.serial);
        EXPECT_EQ(parsed.flags, info.flags);
        EXPECT_EQ(parsed.firmware, info.firmware);
    }

    TEST(TokenInfo, OrderFreeAndUnknownTagsSkipped)
    {
        // Required tags only, in reverse order, with unknown tags (one empty, one long-form
        // length).
        const auto info = parseTokenInfo(hexBytes("83040000002A"
                                                  "C000"
                                                  "82021700"
                                                  "C18102AABB"
                                                  "81021400"
                                                  "800102"));
        EXPECT_EQ(info.tokenType, 0x02);
        EXPECT_EQ(info.serial, 42u);
        EXPECT_EQ(info.features, 0);
        EXPECT_EQ(info.supportedInterfaces, 0);
    }

    TEST(TokenInfo, NameIgnoredBeforeFirmware32)
    {
        const auto info = parseTokenInfo(hexBytes(VALID + "88024142"));
        EXPECT_TRUE(info.modelName.empty());
    }

    TEST(TokenInfo, MalformedInputsAreCardErrors)
    {
        const auto valid = hexBytes(VALID);
        expectCardError({}, "empty");
        expectCardError(hexBytes("80"), "tag without length");
        expectCardError(hexBytes("8001"), "value missing");
        expectCardError(
            std::vector<uint8_t>(valid.begin(), valid.end() - 1), "truncated last value");
        expectCardError(hexBytes("8002010181024100820230008304000000 01"), "type of length 2");
        expectCardError(hexBytes(VALID + "800101"), "duplicate type");
        expectCardError(hexBytes(VALID + "C00101C00101"), "duplicate unknown tag");
        expectCardError(hexBytes("81024100820230008304000000 01"), "type missing");
        expectCardError(hexBytes("800101810241008202300083030000 01"), "serial of 3 bytes");
        expectCardError(hexBytes(VALID + "8A0100"), "short free memory (and repeated)");
        expectCardError(hexBytes(VALID + "C082000100"), "two-byte length form");
        expectCardError(hexBytes(VALID + "C081"), "long form without its length byte");
        expectCardError(hexBytes(VALID + "C0FF"), "length 0xFF");
    }

    TEST(TokenInfo, ModelNameMustBeCleanUtf8)
    {
        const std::string base = "800101810246008202200083040000000 1";
        const std::pair<std::string, std::string> bad[] = {
            { "8802C0AF", "overlong" },
            { "8803EDA080", "surrogate" },
            { "8801FF", "invalid byte" },
            { "880100", "NUL" },
            { "88024100", "trailing NUL" },
            { "88020A41", "control character" },
            { "8801D0", "truncated sequence" },
            { "8802D041", "bad continuation byte" },
            { "8802C280", "C1 control character" },
            { "8800", "empty" },
            { "8841" + std::string(130, '4'), "too long" },
        };
        for (const auto& [tlv, why] : bad) {
            expectCardError(hexBytes(base + tlv), why);
        }
        EXPECT_EQ(parseTokenInfo(hexBytes(base + "8804F09F9491")).modelName, "\xF0\x9F\x94\x91");
    }

    // Fuzz-style: any bytes either parse or raise CARD_ERROR; never crash (ASan in the sanitizer
    // build), never another exception.
    TEST(TokenInfo, RandomInputsNeverEscapeAsOtherErrors)
    {
        std::mt19937 random(20261127);
        const auto valid = hexBytes(VALID);
        size_t parsed = 0;
        for (int round = 0; round < 200000; ++round) {
            std::vector<uint8_t> bytes;
            if (round % 2 == 0) {
                bytes.resize(random() % 48);
                for (auto& byte : bytes) {
                    byte =
                        static_cast<uint8_t>(random() % 4 == 0 ? 0x80 + random() % 12 : random());
                }
            } else { // mutate a valid object
                bytes = valid;
                for (int flips = 1 + random() % 3; flips > 0; --flips) {
                    bytes[random() % bytes.size()] = static_cast<uint8_t>(random());
                }
                bytes.resize(random() % (bytes.size() + 1));
            }
            try {
                parseTokenInfo(bytes);
                ++parsed;
            } catch (const Error& error) {
                ASSERT_EQ(error.code(), ErrorCode::CARD_ERROR);
            }
        }
        EXPECT_GT(parsed, 0u); // the mutations keep some inputs valid
    }

} // namespace
} // namespace tokenbridge::devices
