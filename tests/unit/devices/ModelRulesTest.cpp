#include "devices/ModelRules.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::devices
{
namespace
{

    // The token's facts as Aktiv's library or the token-info object give them.
    struct Facts
    {
        uint8_t tokenType = 0x01;
        Version hardware;
        Version firmware;
        uint32_t flags = 0;
        uint8_t current = INTERFACE_USB;
        uint8_t supported = INTERFACE_USB;
        std::string modelName {};
    };

    TokenInfo infoOf(const Facts& facts)
    {
        TokenInfo info;
        info.tokenType = facts.tokenType;
        info.hardware = facts.hardware;
        info.firmware = facts.firmware;
        info.flags = facts.flags;
        info.currentInterface = facts.current;
        info.supportedInterfaces = facts.supported;
        info.modelName = facts.modelName;
        return info;
    }

    struct Row
    {
        std::string_view name; // Aktiv's marketing name the table gives
        std::string_view modelId; // ours; "" where docs/compatibility.md has no such row
        Facts facts;
    };

    constexpr uint32_t FLASH = TOKEN_FLAG_HAS_FLASH_DRIVE;
    constexpr uint32_t BUTTON = TOKEN_FLAG_HAS_BUTTON;
    constexpr uint8_t USB_NFC = INTERFACE_USB | INTERFACE_NFC_B;
    constexpr uint8_t ISO_NFC = INTERFACE_ISO | INTERFACE_NFC_B;

    // Every row of the decision table of Aktiv's apps (AktivCo/rutoken-tech-android
    // TokenModel.kt, AktivCo/rutoken-tech-ios Token.swift), each version pair they accept.
    const Row ROWS[] = {
        { "Рутокен ЭЦП 3.0 3100", "rutoken-ecp-3.0-3100",
            { .hardware = { 60, 0 }, .firmware = { 30, 0 } } },
        { "Рутокен ЭЦП 3.0 3100", "rutoken-ecp-3.0-3100",
            { .hardware = { 60, 0 }, .firmware = { 28, 0 } } },
        { "Рутокен ЭЦП 3.0 3200", "", { .hardware = { 59, 0 }, .firmware = { 30, 0 } } },
        { "Рутокен ЭЦП 3.0 3220", "rutoken-ecp-3.0-3220",
            { .hardware = { 65, 0 }, .firmware = { 30, 0 } } },
        { "Рутокен ЭЦП 3.0 3250", "", { .hardware = { 65, 0 }, .firmware = { 31, 0 } } },
        { "Рутокен ЭЦП 3.0 3120", "", { .hardware = { 67, 0 }, .firmware = { 31, 0 } } },
        { "Рутокен ЭЦП 3.0 NFC 3100", "rutoken-ecp-3.0-nfc-3100",
            { .tokenType = 0xC1,
                .hardware = { 60, 0 },
                .firmware = { 30, 0 },
                .supported = USB_NFC } },
        { "Рутокен ЭЦП 3.0 NFC 3100", "smartcard-rutoken-ecp-3.0-nfc-3100",
            { .tokenType = 0xC9,
                .hardware = { 60, 0 },
                .firmware = { 30, 0 },
                .current = INTERFACE_ISO,
                .supported = ISO_NFC } },
        { "Рутокен ЭЦП 3.0 NFC 3100", "smartcard-rutoken-ecp-3.0-nfc-3100",
            { .tokenType = 0xC9,
                .hardware = { 60, 0 },
                .firmware = { 28, 0 },
                .current = INTERFACE_NFC_B,
                .supported = ISO_NFC } },
        { "Рутокен ЭЦП 3.0 NFC MF 3110", "",
            { .tokenType = 0xC9,
                .hardware = { 60, 0 },
                .firmware = { 31, 0 },
                .current = INTERFACE_ISO,
                .supported = ISO_NFC } },
        { "Рутокен ЭЦП 2.0 2000", "rutoken-ecp-2.0-2000",
            { .hardware = { 20, 0 }, .firmware = { 23, 0 } } },
        { "Рутокен ЭЦП 2.0 2000", "rutoken-ecp-2.0-2000",
            { .hardware = { 59, 0 }, .firmware = { 26, 0 } } },
        { "Рутокен ЭЦП 2.0 2100", "rutoken-ecp-2.0-2100",
            { .hardware = { 54, 0 }, .firmware = { 23, 2 } } },
        { "Рутокен ЭЦП 2.0 2100", "smartcard-rutoken-ecp-2.0-2100",
            { .tokenType = 0x41,
                .hardware = { 54, 0 },
                .firmware = { 23, 2 },
                .current = INTERFACE_ISO,
                .supported = INTERFACE_ISO } },
        { "Рутокен ЭЦП 2.0 2200", "", { .hardware = { 20, 0 }, .firmware = { 24, 0 } } },
        { "Рутокен ЭЦП 2.0 3000", "rutoken-ecp-2.0-3000",
            { .hardware = { 20, 0 }, .firmware = { 26, 0 } } },
        { "Рутокен ЭЦП 2.0 3000", "rutoken-ecp-2.0-3000",
            { .hardware = { 59, 0 }, .firmware = { 27, 0 } } },
        { "Рутокен ЭЦП 2.0 4000", "", { .hardware = { 55, 0 }, .firmware = { 24, 0 } } },
        { "Рутокен ЭЦП 2.0 4400", "",
            { .hardware = { 55, 0 }, .firmware = { 24, 0 }, .flags = BUTTON } },
        { "Рутокен ЭЦП 2.0 4500", "rutoken-ecp-2.0-flash",
            { .hardware = { 55, 0 }, .firmware = { 24, 0 }, .flags = FLASH } },
        { "Рутокен ЭЦП 2.0 4500", "rutoken-ecp-2.0-flash",
            { .hardware = { 59, 0 }, .firmware = { 26, 0 }, .flags = FLASH } },
        { "Рутокен ЭЦП 2.0 4500", "rutoken-ecp-2.0-flash",
            { .hardware = { 58, 0 }, .firmware = { 27, 0 }, .flags = FLASH } },
        { "Рутокен ЭЦП 2.0 4900", "rutoken-ecp-2.0-flash",
            { .hardware = { 55, 0 }, .firmware = { 27, 0 }, .flags = FLASH | BUTTON } },
        { "Рутокен ЭЦП 2.0 4900", "rutoken-ecp-2.0-flash",
            { .hardware = { 59, 0 }, .firmware = { 27, 0 }, .flags = FLASH | BUTTON } },
        { "Рутокен ЭЦП 2.0 8003", "", { .hardware = { 30, 0 }, .firmware = { 21, 0 } } },
        { "Рутокен ЭЦП 2.0 8003", "", { .hardware = { 30, 0 }, .firmware = { 25, 0 } } },
        { "Рутокен Lite", "rutoken-lite",
            { .tokenType = 0x02, .hardware = { 20, 0 }, .firmware = { 20, 0 } } },
        { "Рутокен S", "rutoken-s",
            { .tokenType = 0x03, .hardware = { 1, 0 }, .firmware = { 1, 0 } } },
        // Firmware 32+ names itself; the name maps to the matrix's id as a token or a card.
        { "Рутокен ЭЦП 3.0 3220", "rutoken-ecp-3.0-3220",
            { .hardware = { 65, 0 }, .firmware = { 32, 0 }, .modelName = "Рутокен ЭЦП 3.0 3220" } },
        { "Рутокен ЭЦП 3.0 NFC 3100", "smartcard-rutoken-ecp-3.0-nfc-3100",
            { .tokenType = 0xC9,
                .hardware = { 60, 0 },
                .firmware = { 32, 0 },
                .current = INTERFACE_ISO,
                .supported = ISO_NFC,
                .modelName = "Рутокен ЭЦП 3.0 NFC 3100" } },
        { "Рутокен 2151", "rutoken-2151",
            { .hardware = { 70, 0 }, .firmware = { 32, 0 }, .modelName = "Рутокен 2151" } },
        { "Рутокен ЭЦП 4.0 9000", "",
            { .hardware = { 80, 0 }, .firmware = { 33, 1 }, .modelName = "Рутокен ЭЦП 4.0 9000" } },
    };

    TEST(ModelRules, EveryRowOfAktivsTableNamesItsModel)
    {
        for (const auto& row : ROWS) {
            SCOPED_TRACE(std::string(row.name) + " hw " + std::to_string(row.facts.hardware.major)
                + " fw " + std::to_string(row.facts.firmware.major));
            const auto model = modelFromTokenInfo(infoOf(row.facts));
            ASSERT_TRUE(model.has_value());
            EXPECT_EQ(model->name, row.name);
            EXPECT_EQ(model->modelId, row.modelId);
        }
    }

    TEST(ModelRules, TheButtonTellsFourHundredsApart)
    {
        Facts facts { .hardware = { 55, 0 }, .firmware = { 24, 0 } };
        EXPECT_EQ(modelFromTokenInfo(infoOf(facts))->name, "Рутокен ЭЦП 2.0 4000");
        facts.flags = BUTTON;
        EXPECT_EQ(modelFromTokenInfo(infoOf(facts))->name, "Рутокен ЭЦП 2.0 4400");
        facts.flags = BUTTON | FLASH;
        EXPECT_EQ(modelFromTokenInfo(infoOf(facts))->name, "Рутокен ЭЦП 2.0 4900");
    }

    TEST(ModelRules, UnnamedTokensAreUnknown)
    {
        // ECP 1.x firmware; an ST31 chip over an interface the table does not know; a version
        // pair of no row; firmware 32+ without a name.
        const Facts facts[] = {
            { .hardware = { 20, 0 }, .firmware = { 19, 0 } },
            { .hardware = { 60, 0 },
                .firmware = { 30, 0 },
                .current = INTERFACE_BT,
                .supported = INTERFACE_BT },
            { .hardware = { 65, 0 }, .firmware = { 29, 0 } },
            { .hardware = { 65, 0 }, .firmware = { 32, 0 } },
        };
        for (const auto& fact : facts) {
            EXPECT_FALSE(modelFromTokenInfo(infoOf(fact)).has_value())
                << int(fact.hardware.major) << "/" << int(fact.firmware.major);
        }
    }

    TEST(ModelRules, TheNameCountsOnlyFromFirmware32)
    {
        // An older token's name field is not Aktiv's: the versions decide.
        const Facts facts {
            .hardware = { 65, 0 }, .firmware = { 30, 0 }, .modelName = "Рутокен ЭЦП 2.0 2000"
        };
        EXPECT_EQ(modelFromTokenInfo(infoOf(facts))->modelId, "rutoken-ecp-3.0-3220");
    }

} // namespace
} // namespace tokenbridge::devices
