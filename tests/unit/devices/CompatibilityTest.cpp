// Hand-written from docs/compatibility.md (independent of the .json encoding).
#include "devices/Compatibility.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::devices
{
namespace
{

    using enum Mode;
    constexpr auto NFC = Connection::Nfc;
    constexpr auto CONTACT = Connection::Contact;
    const std::string NFC_TOKEN = "rutoken-ecp-3.0-nfc-3100";
    const std::string NFC_CARD = "smartcard-rutoken-ecp-3.0-nfc-3100";

    std::vector<Mode> modes(const std::string& model, const std::string& csp,
        const std::string& platform, Connection connection = CONTACT)
    {
        return lookupCompatibility({ model, csp, platform, connection }).modes;
    }

    TEST(Compatibility, MainTableRows)
    {
        EXPECT_EQ(modes("rutoken-s", "4.0-R4", "linux"), std::vector { Passive });
        EXPECT_EQ(modes("rutoken-ecp-2.0-2100", "5.0-11455", "windows"),
            (std::vector { ActiveCrypt, Passive }));
        EXPECT_EQ(modes("rutoken-ecp-bluetooth", "5.0-R2", "android"),
            (std::vector { ActivePkcs11, Passive }));
        EXPECT_EQ(modes("rutoken-2151", "4.0-R4", "linux"), std::vector<Mode> {});
        EXPECT_EQ(modes("smartcard-rutoken-2151", "5.0-R3", "linux"),
            (std::vector { ActivePkcs11, Passive }));
        EXPECT_EQ(modes("rutoken-ecp-pki", "4.0-R4", "linux"), std::vector<Mode> {});
        EXPECT_EQ(modes("rutoken-ecp-pki", "5.0-R3", "linux"), std::vector { Passive });
        EXPECT_EQ(
            modes("rutoken-ecp-2.0-3000", "5.0-11455", "linux"), (std::vector { Fkn, Passive }));
        EXPECT_EQ(modes("rutoken-ecp-3.0-3220", "5.0-R3", "aurora"),
            (std::vector { Fkn, ActivePkcs11, Passive }));
        // Rows without connection data: the same over NFC.
        EXPECT_EQ(modes("rutoken-ecp-3.0-3100", "5.0-R2", "linux", NFC),
            (std::vector { Fkn, ActivePkcs11, Passive }));
    }

    TEST(Compatibility, NfcModelsUnsupportedBeforeR2)
    {
        for (const auto& model : { NFC_TOKEN, NFC_CARD }) {
            for (const auto& csp : { "4.0-R4", "5.0-11455" }) {
                for (const auto& platform :
                    { "windows", "linux", "macos", "android", "ios", "aurora" }) {
                    for (auto connection : { CONTACT, NFC }) {
                        const auto result =
                            lookupCompatibility({ model, csp, platform, connection });
                        EXPECT_FALSE(result.supported) << model << csp << platform;
                        EXPECT_TRUE(result.modes.empty());
                        EXPECT_FALSE(result.selected);
                    }
                }
            }
        }
    }

    TEST(Compatibility, NfcModelsOverNfcByPlatform)
    {
        for (const auto& model : { NFC_TOKEN, NFC_CARD }) {
            for (const auto& mobile : { "ios", "android" }) {
                EXPECT_EQ(modes(model, "5.0-R2", mobile, NFC), std::vector { FknNfc });
                EXPECT_EQ(modes(model, "5.0-R3", mobile, NFC),
                    (std::vector { FknNfc, ActivePkcs11, Passive }));
            }
            EXPECT_EQ(modes(model, "5.0-R2", "aurora", NFC), std::vector { FknNfc });
            EXPECT_EQ(modes(model, "5.0-R3", "aurora", NFC), std::vector { FknNfc });
            for (const auto& pc : { "windows", "linux", "macos" }) {
                EXPECT_EQ(modes(model, "5.0-R2", pc, NFC), (std::vector { FknNfc, ActivePkcs11 }));
                EXPECT_EQ(modes(model, "5.0-R3", pc, NFC),
                    (std::vector { FknNfc, ActivePkcs11, Passive }));
            }
        }
    }

    TEST(Compatibility, NfcModelsOverContactWithFootnotes)
    {
        // The token's contact FKN is fkn, the card's fkn-nfc.
        const std::pair<std::string, Mode> models[] = { { NFC_TOKEN, Fkn }, { NFC_CARD, FknNfc } };
        for (const auto& [model, fkn] : models) {
            SCOPED_TRACE(model);
            for (const auto& pc : { "windows", "linux", "macos" }) {
                EXPECT_EQ(modes(model, "5.0-R2", pc), (std::vector { fkn, ActivePkcs11, Passive }));
                EXPECT_EQ(modes(model, "5.0-R3", pc), (std::vector { fkn, ActivePkcs11, Passive }));
            }
            // Footnote 1: passive and active-pkcs11 do not work on Android and iOS.
            for (const auto& mobile : { "android", "ios" }) {
                EXPECT_EQ(modes(model, "5.0-R2", mobile), std::vector { fkn });
                EXPECT_EQ(modes(model, "5.0-R3", mobile), std::vector { fkn });
            }
            // Footnote 2 (R2's active-pkcs11 only): not on Aurora.
            EXPECT_EQ(modes(model, "5.0-R2", "aurora"), (std::vector { fkn, Passive }));
            EXPECT_EQ(
                modes(model, "5.0-R3", "aurora"), (std::vector { fkn, ActivePkcs11, Passive }));
        }
    }

    void expectInvalid(const CompatQuery& query, const std::string& named, const std::string& valid)
    {
        try {
            lookupCompatibility(query);
            ADD_FAILURE() << "no error for " << named;
        } catch (const RequestError& error) {
            EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
            const std::string message = error.what();
            EXPECT_NE(message.find("'" + named + "'"), std::string::npos) << message;
            EXPECT_NE(message.find(valid), std::string::npos) << message;
            EXPECT_EQ(error.details().at("value"), named);
        }
    }

    TEST(Compatibility, UnknownValuesAreInvalidParams)
    {
        expectInvalid({ "rutoken-xyz", "5.0-R3", "linux" }, "rutoken-xyz", NFC_CARD);
        expectInvalid({ "rutoken-s", "5.1", "linux" }, "5.1", "4.0-R4, 5.0-11455, 5.0-R2, 5.0-R3");
        expectInvalid({ "rutoken-s", "5.0-R3", "beos" }, "beos",
            "windows, linux, macos, android, ios, aurora");
        expectInvalid({ "unknown", "5.0-R3", "linux" }, "unknown", "rutoken-s");
    }

    TEST(Compatibility, ModeNamesRoundTrip)
    {
        for (auto mode : { Fkn, FknNfc, ActivePkcs11, ActiveCrypt, Passive }) {
            EXPECT_EQ(parseMode(modeName(mode)), mode);
            EXPECT_EQ(isExtractable(mode), mode == Passive);
        }
        EXPECT_EQ(modeName(FknNfc), "fkn-nfc");
        EXPECT_EQ(modeName(ActivePkcs11), "active-pkcs11");
        EXPECT_FALSE(parseMode("FKN"));
        EXPECT_FALSE(parseMode(""));
        EXPECT_EQ(parseRequirement("non-extractable"), Requirement::NonExtractable);
        EXPECT_EQ(parseRequirement("any"), Requirement::Any);
        EXPECT_EQ(parseRequirement("fkn"), Requirement::Fkn);
        EXPECT_FALSE(parseRequirement("active"));
        EXPECT_EQ(parseConnection("nfc"), Connection::Nfc);
        EXPECT_FALSE(parseConnection("usb"));
    }

    TEST(SelectMode, PicksTheMostSecureMeetingTheRequirement)
    {
        EXPECT_EQ(selectMode({ Passive, ActivePkcs11, Fkn }, Requirement::Any), Fkn);
        EXPECT_EQ(selectMode({ Passive }, Requirement::Any), Passive);
        EXPECT_EQ(selectMode({ ActiveCrypt, Passive }, Requirement::NonExtractable), ActiveCrypt);
        EXPECT_EQ(selectMode({ FknNfc, ActivePkcs11, Passive }, Requirement::Fkn), FknNfc);
        EXPECT_EQ(
            selectMode({ ActivePkcs11, ActiveCrypt }, Requirement::NonExtractable), ActivePkcs11);
    }

    TEST(SelectMode, ErrorNamesTheTokensModes)
    {
        try {
            selectMode({ ActivePkcs11, Passive }, Requirement::Fkn);
            FAIL() << "no error";
        } catch (const UserActionError& error) {
            EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
            const std::string message = error.what();
            EXPECT_NE(message.find("active-pkcs11, passive"), std::string::npos) << message;
            EXPECT_NE(message.find("'fkn'"), std::string::npos) << message;
            EXPECT_EQ(error.details().at("modes"), nlohmann::json({ "active-pkcs11", "passive" }));
        }
        EXPECT_THROW(selectMode({ Passive }, Requirement::NonExtractable), UserActionError);
        try {
            selectMode({}, Requirement::Any);
            FAIL() << "no error";
        } catch (const UserActionError& error) {
            EXPECT_NE(std::string(error.what()).find("none"), std::string::npos);
        }
    }

    TEST(CompatToJson, Shape)
    {
        const CompatQuery query { NFC_CARD, "5.0-R2", "aurora", CONTACT };
        const auto json = compatToJson(query, lookupCompatibility(query));
        EXPECT_EQ(json, nlohmann::json::parse(R"({"model": "smartcard-rutoken-ecp-3.0-nfc-3100",
        "csp": "5.0-R2", "platform": "aurora", "connection": "contact", "supported": true,
        "modes": ["fkn-nfc", "passive"], "selected": "fkn-nfc"})"));
        const CompatQuery none { "rutoken-2151", "4.0-R4", "linux", NFC };
        const auto empty = compatToJson(none, lookupCompatibility(none));
        EXPECT_EQ(empty.at("supported"), false);
        EXPECT_EQ(empty.at("modes"), nlohmann::json::array());
        EXPECT_TRUE(empty.at("selected").is_null());
        EXPECT_EQ(empty.at("connection"), "nfc");
    }

} // namespace
} // namespace tokenbridge::devices
