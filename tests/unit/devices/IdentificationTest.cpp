// Identification of every model of docs/vtoken.md over each of its connections, and of inputs
// that must not be named.
#include "devices/AtrCatalog.hpp"
#include "devices/Compatibility.hpp"
#include "devices/Identification.hpp"
#include "TestSupport.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::devices
{
namespace
{

    using test::hexBytes;

    const std::string ECP_ATR = "3B8B015275746F6B656E20454350A0";
    const std::string SC_ATR = "3B9C948011405275746F6B656E4543507363C3";

    struct ModelCase
    {
        std::string model;
        std::string contactAtr;
        std::string nfcAtr; // empty: contact only
        uint8_t type;
        Version hw;
        Version fw;
        uint32_t flags = 0;
        uint8_t supported = INTERFACE_USB;
        std::string name = {};
    };

    // docs/vtoken.md "Models".
    const ModelCase MODELS[] = {
        { "rutoken-s", "3B6F00FF00567275546F6B6E73302000009000", "", 0x03, { 1, 0 }, { 1, 0 } },
        { "rutoken-lite", "3B8B015275746F6B656E6C697465C2", "", 0x02, { 20, 0 }, { 20, 0 } },
        { "rutoken-ecp-2.0-2000", ECP_ATR, "", 0x01, { 20, 0 }, { 23, 0 } },
        { "rutoken-ecp-2.0-2100", ECP_ATR, "", 0x01, { 54, 0 }, { 23, 2 } },
        { "rutoken-ecp-2.0-flash", ECP_ATR, "", 0x01, { 20, 0 }, { 24, 0 },
            TOKEN_FLAG_HAS_FLASH_DRIVE },
        { "rutoken-ecp-bluetooth", "3B8B015275746F6B656E44534254D7", "", 0x69, { 20, 0 }, { 23, 0 },
            0, INTERFACE_USB | INTERFACE_BT },
        { "rutoken-2151", ECP_ATR, "", 0x01, { 70, 0 }, { 32, 0 }, 0, INTERFACE_USB,
            "Рутокен 2151" },
        { "smartcard-rutoken-2151", SC_ATR, "", 0x41, { 70, 0 }, { 32, 0 }, 0, INTERFACE_ISO,
            "Смарт-карта Рутокен 2151" },
        { "rutoken-ecp-pki", ECP_ATR, "", 0x01, { 71, 0 }, { 32, 0 }, 0, INTERFACE_USB,
            "Рутокен ЭЦП PKI" },
        { "rutoken-ecp-2.0-3000", ECP_ATR, "", 0x01, { 20, 0 }, { 26, 0 }, TOKEN_FLAG_SUPPORT_FKN },
        { "rutoken-ecp-3.0-3100", ECP_ATR, "", 0x01, { 60, 0 }, { 30, 0 }, TOKEN_FLAG_SUPPORT_FKN },
        { "rutoken-ecp-3.0-3220", ECP_ATR, "", 0x01, { 65, 0 }, { 30, 0 }, TOKEN_FLAG_SUPPORT_FKN },
        { "smartcard-rutoken-ecp-2.0-2100", SC_ATR, "", 0x41, { 54, 0 }, { 23, 2 }, 0,
            INTERFACE_ISO },
        { "rutoken-ecp-3.0-nfc-3100", ECP_ATR, "3B88800152745343778183206A", 0xC1, { 60, 0 },
            { 30, 0 }, TOKEN_FLAG_SUPPORT_FKN, INTERFACE_USB | INTERFACE_NFC_B },
        { "smartcard-rutoken-ecp-3.0-nfc-3100", "3B9C978011405275746F6B656E4543507363C0",
            "3B8C800150A1B2C3D452745343778183", 0xC9, { 60, 0 }, { 28, 0 }, TOKEN_FLAG_SUPPORT_FKN,
            INTERFACE_ISO | INTERFACE_NFC_B },
    };

    TokenInfo infoFor(const ModelCase& model, Connection connection)
    {
        TokenInfo info;
        info.tokenType = model.type;
        info.hardware = model.hw;
        info.firmware = model.fw;
        info.serial = 0x0A1B2C3D;
        info.flags = model.flags;
        info.features = FEATURE_CRYPTO_CORE;
        info.supportedInterfaces = model.supported;
        info.currentInterface = connection == Connection::Nfc ? INTERFACE_NFC_B
            : (model.supported & INTERFACE_ISO)               ? INTERFACE_ISO
                                                              : INTERFACE_USB;
        info.modelName = model.name;
        return info;
    }

    std::vector<uint8_t> atrFor(const ModelCase& model, Connection connection)
    {
        if (connection == Connection::Contact) {
            return hexBytes(model.contactAtr);
        }
        auto atr = hexBytes(model.nfcAtr);
        if (atr.size() == 16) { // the PUPI form still lacks its TCK
            test::appendTck(atr);
        }
        return atr;
    }

    TEST(Identification, EveryModelOverEveryConnection)
    {
        size_t checked = 0;
        for (const auto& model : MODELS) {
            for (auto connection : { Connection::Contact, Connection::Nfc }) {
                if (connection == Connection::Nfc && model.nfcAtr.empty()) {
                    continue;
                }
                SCOPED_TRACE(model.model + " over " + std::string(connectionName(connection)));
                const auto atr = atrFor(model, connection);
                // Through the wire format, as the host gets it.
                const auto info = parseTokenInfo(test::encodeTokenInfo(infoFor(model, connection)));
                const auto id = identify(atr, info);
                EXPECT_TRUE(id.known);
                EXPECT_EQ(id.modelId, model.model);
                EXPECT_EQ(id.connection, connection);
                EXPECT_NE(id.family, "unknown");
                EXPECT_FALSE(id.modelName.empty());
                // Every identified model has a row in the matrix.
                EXPECT_NO_THROW(
                    lookupCompatibility({ id.modelId, "5.0-R3", "linux", id.connection }));
                ++checked;
            }
        }
        EXPECT_EQ(checked, 17u);
    }

    TEST(Identification, NfcModelsGetTheirConnectionsModes)
    {
        const auto& card = MODELS[14];
        const auto contact =
            identify(atrFor(card, Connection::Contact), infoFor(card, Connection::Contact));
        const auto nfc = identify(atrFor(card, Connection::Nfc), infoFor(card, Connection::Nfc));
        EXPECT_EQ(contact.family, "rutoken-ecp-sc-nfc");
        EXPECT_EQ(nfc.family, "rutoken-ecp-nfc");
        EXPECT_EQ(
            lookupCompatibility({ contact.modelId, "5.0-R2", "aurora", contact.connection }).modes,
            (std::vector { Mode::FknNfc, Mode::Passive }));
        EXPECT_EQ(lookupCompatibility({ nfc.modelId, "5.0-R2", "aurora", nfc.connection }).modes,
            std::vector { Mode::FknNfc });
    }

    TEST(Identification, PupiIsMaskedInContactlessAtrs)
    {
        for (const auto* pupi : { "00000000", "5C4B71A1", "FFFFFFFF" }) {
            auto atr = hexBytes(std::string("3B8C800150") + pupi + "52745343778183");
            test::appendTck(atr);
            const auto match = matchAtr(atr);
            ASSERT_TRUE(match) << pupi;
            EXPECT_EQ(match->family, "rutoken-ecp-nfc");
            EXPECT_EQ(match->connection, Connection::Nfc);
        }
        // Not "RtSC" in the application data: not ours.
        EXPECT_FALSE(matchAtr(hexBytes("3B8C8001505C4B71A152745344778183D8")));
        // Same header, different length.
        EXPECT_FALSE(matchAtr(hexBytes("3B8C8001505C4B71A152745343778183")));
    }

    TEST(Identification, DeprecatedTokenTypeFallsBackToInterfaces)
    {
        // rtpkcs11ecp deprecates tokenType: the ST31 chip is told apart by its interfaces (D.3).
        TokenInfo info;
        info.tokenType = 0x01;
        info.hardware = { 60, 0 };
        info.firmware = { 30, 0 };
        info.serial = 1;
        info.supportedInterfaces = INTERFACE_USB | INTERFACE_NFC_B;
        info.currentInterface = INTERFACE_USB;
        EXPECT_EQ(identify(hexBytes(ECP_ATR), info).modelId, "rutoken-ecp-3.0-nfc-3100");
        info.supportedInterfaces = INTERFACE_USB;
        EXPECT_EQ(identify(hexBytes(ECP_ATR), info).modelId, "rutoken-ecp-3.0-3100");
        info.tokenType = 0x41;
        info.firmware = { 28, 0 };
        info.supportedInterfaces = INTERFACE_ISO | INTERFACE_NFC_B;
        info.currentInterface = INTERFACE_ISO;
        EXPECT_EQ(identify(hexBytes("3B9C978011405275746F6B656E4543507363C0"), info).modelId,
            "smartcard-rutoken-ecp-3.0-nfc-3100");
        // fw 31 over ISO is the NFC MF 3110: not in the matrix.
        info.firmware = { 31, 0 };
        EXPECT_EQ(
            identify(hexBytes("3B9C978011405275746F6B656E4543507363C0"), info).modelId, "unknown");
    }

    TEST(Identification, AlternativeVersionPairs)
    {
        TokenInfo info;
        info.tokenType = 0x01;
        info.serial = 1;
        const std::tuple<Version, Version, std::string> pairs[] = {
            { { 59, 0 }, { 26, 0 }, "rutoken-ecp-2.0-2000" },
            { { 59, 0 }, { 27, 0 }, "rutoken-ecp-2.0-3000" },
            { { 54, 0 }, { 23, 1 }, "unknown" }, // 2100 needs fw 23.2
            { { 20, 0 }, { 19, 0 }, "unknown" }, // ECP 1.x
            { { 65, 0 }, { 31, 0 }, "unknown" }, // ECP 3.0 3250: not in the matrix
        };
        for (const auto& [hw, fw, expected] : pairs) {
            info.hardware = hw;
            info.firmware = fw;
            const auto id = identify(hexBytes(ECP_ATR), info);
            EXPECT_EQ(id.modelId, expected) << int(hw.major) << "/" << int(fw.major);
            EXPECT_EQ(id.known, expected != "unknown");
            EXPECT_EQ(id.family, "rutoken-ecp");
        }
    }

    TEST(Identification, RutokenAtrWithoutUsableInfo)
    {
        const auto noInfo = identify(hexBytes(ECP_ATR), std::nullopt);
        EXPECT_FALSE(noInfo.known);
        EXPECT_EQ(noInfo.modelId, "unknown");
        EXPECT_EQ(noInfo.family, "rutoken-ecp");
        EXPECT_EQ(noInfo.connection, Connection::Contact);

        TokenInfo unknownType; // tokenType 0xFF
        EXPECT_EQ(identify(hexBytes(ECP_ATR), unknownType).modelId, "unknown");

        TokenInfo named;
        named.tokenType = 0x01;
        named.firmware = { 32, 0 };
        named.modelName = "Рутокен ЭЦП 4.0 9999";
        const auto future = identify(hexBytes(ECP_ATR), named);
        EXPECT_FALSE(future.known);
        EXPECT_EQ(future.modelName, "Рутокен ЭЦП 4.0 9999");
        // A name the matrix knows, but from a smart card ATR where the model is a USB token.
        named.modelName = "Рутокен ЭЦП PKI";
        EXPECT_TRUE(identify(hexBytes(ECP_ATR), named).known);
        EXPECT_EQ(identify(hexBytes(SC_ATR), named).modelId, "unknown");
    }

    TEST(Identification, InfoContradictingTheAtrNamesNoModel)
    {
        const auto& sc2100 = MODELS[12];
        EXPECT_EQ(
            identify(hexBytes(ECP_ATR), infoFor(sc2100, Connection::Contact)).modelId, "unknown");
        const auto& lite = MODELS[1];
        EXPECT_EQ(
            identify(hexBytes(ECP_ATR), infoFor(lite, Connection::Contact)).modelId, "unknown");
    }

    TEST(Identification, NonRutokenCards)
    {
        const auto& token = MODELS[11];
        const std::string foreign[] = {
            "3BDB960081B1FE451F0380F9A0000003080000100018", // a PIV card
            "3B8F8001804F0CA000000306030001000000006A", // a MIFARE pseudo-ATR
            "", "3B", "3B8B015275746F6B656E20454350", // truncated ECP ATR
            "3B8B015275746F6B656E20454350A000", // ECP ATR plus a byte
        };
        for (const auto& hex : foreign) {
            const auto id = identify(hexBytes(hex), infoFor(token, Connection::Contact));
            EXPECT_FALSE(id.known) << hex;
            EXPECT_EQ(id.family, "unknown") << hex;
            EXPECT_EQ(id.modelId, "unknown") << hex;
        }
        EXPECT_EQ(identify(hexBytes(foreign[1]), std::nullopt).connection, Connection::Nfc);
    }

    TEST(AtrCatalog, EveryPatternIsWellFormedAndMatchesItself)
    {
        for (const auto& entry : atrCatalog()) {
            std::string concrete(entry.pattern);
            for (auto& c : concrete) {
                c = c == '?' ? '0' : c;
            }
            ASSERT_EQ(concrete.size() % 2, 0u) << entry.pattern;
            ASSERT_EQ(concrete.find_first_not_of("0123456789ABCDEF"), std::string::npos)
                << entry.pattern;
            const auto match = matchAtr(hexBytes(concrete));
            ASSERT_TRUE(match) << entry.pattern;
            EXPECT_TRUE(isRutokenFamily(match->family));
        }
        EXPECT_FALSE(isRutokenFamily("unknown"));
    }

    TEST(AtrCatalog, KnownAtrsOfTheNotes)
    {
        const std::pair<std::string, std::string> atrs[] = {
            { "3B8B015275746F6B656E20445320C1", "rutoken-ecp" },
            { "3B9C96005275746F6B656E4543507363", "rutoken-ecp-sc" },
            { "3B9E96005275746F6B656E4C697465534332", "rutoken-lite-sc" },
            { "3B8B005275746F6B656E6C745344E3", "rutoken-lite-sd" },
            { "3B88800152744D430081C10061", "rutoken-2151-nfc" },
            { "3B8B01527450494E5061642020329C", "rutoken-pinpad" },
            { "3B9896008031C072F7418107", "rutoken-magistra" },
        };
        for (const auto& [hex, family] : atrs) {
            const auto match = matchAtr(hexBytes(hex));
            ASSERT_TRUE(match) << hex;
            EXPECT_EQ(match->family, family);
        }
    }

} // namespace
} // namespace tokenbridge::devices
