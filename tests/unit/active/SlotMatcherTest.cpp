#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/SlotMatcher.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace tokenbridge::modes::active
{
namespace
{

    SlotToken token(
        CK_SLOT_ID slot, std::string description, std::string serial, std::string manufacturer = "")
    {
        SlotToken result;
        result.slot = slot;
        result.slotDescription = std::move(description);
        result.slotManufacturer = std::move(manufacturer);
        result.serial = std::move(serial);
        return result;
    }

    TEST(SlotMatcher, PaddedTextIsTrimmed)
    {
        unsigned char field[16];
        std::memset(field, ' ', sizeof field);
        std::memcpy(field, "Rutoken", 7);
        EXPECT_EQ(paddedText(field), "Rutoken");
        std::memset(field, 0, sizeof field);
        std::memcpy(field, "ECP ", 4);
        EXPECT_EQ(paddedText(field), "ECP");
        std::memset(field, ' ', sizeof field);
        EXPECT_EQ(paddedText(field), "");
    }

    TEST(SlotMatcher, SerialFormats)
    {
        EXPECT_TRUE(serialMatches("000000000A1B2C3D", "0A1B2C3D"));
        EXPECT_TRUE(serialMatches("a1b2c3d", "0A1B2C3D"));
        EXPECT_TRUE(serialMatches("169552957", "0A1B2C3D")); // the same number in decimal
        EXPECT_FALSE(serialMatches("000000000A1B2C3E", "0A1B2C3D"));
        EXPECT_FALSE(serialMatches("", "0A1B2C3D"));
        EXPECT_FALSE(serialMatches("0A1B2C3D", ""));
        EXPECT_FALSE(serialMatches("not a serial", "0A1B2C3D"));
    }

    TEST(SlotMatcher, ReaderNames)
    {
        EXPECT_TRUE(slotInReader(token(1, "Virtual PCD 00 00", ""), "Virtual PCD 00 00"));
        EXPECT_FALSE(slotInReader(token(1, "Virtual PCD 00 01", ""), "Virtual PCD 00 00"));
        // Split into manufacturer + description.
        EXPECT_TRUE(
            slotInReader(token(1, "Rutoken ECP 00 00", "", "Aktiv"), "Aktiv Rutoken ECP 00 00"));
        // Truncated at the 64-character field.
        const std::string longName(70, 'R');
        EXPECT_TRUE(slotInReader(token(1, longName.substr(0, 64), ""), longName));
        // A short description is not a prefix match.
        EXPECT_FALSE(slotInReader(token(1, "Virtual", ""), "Virtual PCD 00 00"));
        EXPECT_FALSE(slotInReader(token(1, "", ""), ""));
    }

    TEST(SlotMatcher, SerialAndReaderAgree)
    {
        const SlotToken tokens[] = {
            token(10, "Virtual PCD 00 00", "0000000011111111"),
            token(11, "Virtual PCD 00 01", "0000000022222222"),
        };
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 01", "22222222"), 11u);
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 00", "11111111"), 10u);
    }

    TEST(SlotMatcher, SerialWinsOverAnUnmatchedReaderName)
    {
        // The module names its slots differently from pcscd: the serial still finds it.
        const SlotToken tokens[] = {
            token(1, "Slot 1", "0000000011111111"),
            token(2, "Slot 2", "0000000022222222"),
        };
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 00", "22222222"), 2u);
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 00", "33333333"), std::nullopt);
    }

    TEST(SlotMatcher, ReaderAloneWhenNoSerial)
    {
        const SlotToken tokens[] = {
            token(1, "Virtual PCD 00 00", "0000000011111111"),
            token(2, "Virtual PCD 00 01", ""),
        };
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 00", ""), 1u);
        // The token in the reader has a known, different serial: another card.
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 00", "99999999"), std::nullopt);
        // The token gives no serial: the reader decides.
        EXPECT_EQ(findSlot(tokens, "Virtual PCD 00 01", "99999999"), 2u);
        EXPECT_EQ(findSlot(tokens, "Other reader", ""), std::nullopt);
    }

    TEST(SlotMatcher, AmbiguousIsNoAnswer)
    {
        const SlotToken tokens[] = {
            token(1, "Same reader", ""),
            token(2, "Same reader", ""),
        };
        EXPECT_EQ(findSlot(tokens, "Same reader", ""), std::nullopt);
    }

    TEST(SlotMatcher, PinFlagsBecomeDetails)
    {
        EXPECT_EQ(userPinDetails(0), nlohmann::json::object());
        EXPECT_EQ(
            userPinDetails(CKF_USER_PIN_COUNT_LOW), (nlohmann::json { { "retriesLow", true } }));
        EXPECT_EQ(userPinDetails(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY),
            (nlohmann::json { { "retriesLeft", 1 } }));
        EXPECT_EQ(userPinDetails(CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY),
            (nlohmann::json { { "retriesLeft", 0 } }));
    }

} // namespace
} // namespace tokenbridge::modes::active
