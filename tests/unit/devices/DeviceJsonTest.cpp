#include "devices/Device.hpp"
#include "TestSupport.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::devices
{
namespace
{

    using test::hexBytes;

    TokenInfo info3220()
    {
        TokenInfo info;
        info.tokenType = 0x01;
        info.hardware = { 65, 0 };
        info.firmware = { 30, 0 };
        info.serial = 0x0A1B2C3D;
        info.flags = TOKEN_FLAG_SUPPORT_FKN;
        info.features = FEATURE_CRYPTO_CORE | FEATURE_FKN;
        info.currentInterface = INTERFACE_USB;
        info.supportedInterfaces = INTERFACE_USB;
        return info;
    }

    TEST(DeviceJson, KnownTokenFullShape)
    {
        const auto device = describeDevice("Virtual PCD 00 00",
            hexBytes("3B8B015275746F6B656E20454350A0"), info3220(), Environment {});
        EXPECT_EQ(toJson(device), nlohmann::json::parse(R"({
        "id": "rutoken-ecp-3.0-3220-0A1B2C3D", "reader": "Virtual PCD 00 00",
        "atr": "3B8B015275746F6B656E20454350A0", "model": "rutoken-ecp-3.0-3220",
        "modelName": "Рутокен ЭЦП 3.0 3220", "family": "rutoken-ecp", "connection": "contact",
        "known": true, "identifiedBy": "token-info", "serial": "0A1B2C3D",
        "hardwareVersion": "65.0", "firmwareVersion": "30.0",
        "features": {"cryptoCore": true, "fkn": true, "flash": false},
        "modes": ["fkn", "active-pkcs11", "passive"], "selectedMode": "fkn",
        "extractableOnly": false})"));
    }

    TEST(DeviceJson, IdentifiedByNamesTheSourceAndTheIdStaysTheSame)
    {
        const auto atr = hexBytes("3B8B015275746F6B656E20454350A0");
        const auto byLibrary =
            toJson(describeDevice("r", atr, info3220(), Environment {}, IdentifiedBy::Pkcs11));
        const auto byObject =
            toJson(describeDevice("r", atr, info3220(), Environment {}, IdentifiedBy::TokenInfo));
        EXPECT_EQ(byLibrary.at("identifiedBy"), "pkcs11");
        EXPECT_EQ(byObject.at("identifiedBy"), "token-info");
        auto withoutSource = [](nlohmann::json json) {
            json.erase("identifiedBy");
            return json;
        };
        EXPECT_EQ(withoutSource(byLibrary), withoutSource(byObject));
        EXPECT_EQ(byLibrary.at("id"), "rutoken-ecp-3.0-3220-0A1B2C3D");

        const auto atrOnly = toJson(describeDevice("r", atr, std::nullopt, Environment {}));
        EXPECT_EQ(atrOnly.at("identifiedBy"), "atr");
        // Facts about a card that is not a Rutoken are not used, whoever gave them.
        const auto stranger =
            toJson(describeDevice("r", hexBytes("3B8F8001804F0CA000000306030001000000006A"),
                info3220(), Environment {}, IdentifiedBy::Pkcs11));
        EXPECT_EQ(stranger.at("identifiedBy"), "atr");
        EXPECT_EQ(stranger.at("serial"), nullptr);
    }

    TEST(DeviceJson, ModesFollowTheEnvironment)
    {
        auto info = info3220();
        const auto atr = hexBytes("3B8B015275746F6B656E20454350A0");
        const auto old =
            describeDevice("r", atr, info, Environment { "4.0-R4", "config", "linux" });
        EXPECT_EQ(toJson(old).at("modes"), nlohmann::json({ "passive" }));
        EXPECT_EQ(toJson(old).at("extractableOnly"), true);
        info.tokenType = 0x03;
        info.hardware = { 1, 0 };
        info.firmware = { 1, 0 };
        const auto storage = describeDevice(
            "r", hexBytes("3B6F00FF00567275546F6B6E73302000009000"), info, Environment {});
        EXPECT_EQ(toJson(storage).at("selectedMode"), "passive");
        EXPECT_EQ(toJson(storage).at("extractableOnly"), true);
    }

    TEST(DeviceJson, UnknownCardKeepsNullsAndNoModes)
    {
        const auto device = describeDevice(
            "Reader 1", hexBytes("3B8B015275746F6B656E20454350A0"), std::nullopt, Environment {});
        const auto json = toJson(device);
        EXPECT_EQ(json.at("id"), "reader:Reader 1");
        EXPECT_EQ(json.at("model"), "unknown");
        EXPECT_EQ(json.at("family"), "rutoken-ecp");
        EXPECT_EQ(json.at("known"), false);
        EXPECT_TRUE(json.at("serial").is_null());
        EXPECT_TRUE(json.at("hardwareVersion").is_null());
        EXPECT_TRUE(json.at("selectedMode").is_null());
        EXPECT_EQ(json.at("modes"), nlohmann::json::array());
        EXPECT_EQ(json.at("extractableOnly"), false);
        EXPECT_EQ(json.at("features").at("fkn"), false);

        // A foreign card's answer is not trusted, not even for its serial.
        const auto foreign =
            describeDevice("Reader 2", hexBytes("3B0200FF"), info3220(), Environment {});
        EXPECT_EQ(toJson(foreign).at("family"), "unknown");
        EXPECT_EQ(toJson(foreign).at("id"), "reader:Reader 2");
        EXPECT_TRUE(toJson(foreign).at("serial").is_null());
        EXPECT_EQ(toJson(foreign).at("atr"), "3B0200FF");
    }

    TEST(DeviceJson, NfcCardOverNfcOnAurora)
    {
        TokenInfo info;
        info.tokenType = 0xC9;
        info.hardware = { 60, 0 };
        info.firmware = { 28, 0 };
        info.serial = 0x11223344;
        info.features = FEATURE_CRYPTO_CORE | FEATURE_FKN;
        info.currentInterface = INTERFACE_NFC_B;
        info.supportedInterfaces = INTERFACE_ISO | INTERFACE_NFC_B;
        auto atr = hexBytes("3B8C8001501122334452745343778183");
        test::appendTck(atr);
        const auto json =
            toJson(describeDevice("NFC", atr, info, Environment { "5.0-R3", "config", "aurora" }));
        EXPECT_EQ(json.at("model"), "smartcard-rutoken-ecp-3.0-nfc-3100");
        EXPECT_EQ(json.at("connection"), "nfc");
        EXPECT_EQ(json.at("modes"), nlohmann::json({ "fkn-nfc" }));
        EXPECT_EQ(json.at("id"), "smartcard-rutoken-ecp-3.0-nfc-3100-11223344");
    }

} // namespace
} // namespace tokenbridge::devices
