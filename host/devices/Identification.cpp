#include "Identification.hpp"

#include "AtrCatalog.hpp"
#include "CompatibilityTable.hpp"

#include <algorithm>
#include <array>

namespace tokenbridge::devices
{

namespace
{

    constexpr int ANY = -1;

    // One way to recognise a model from the token-info object (as Aktiv's own apps do it:
    // TokenModel.kt of AktivCo/rutoken-tech-android; docs/vtoken.md's model table).
    struct ModelRule
    {
        std::string_view model;
        int tokenType = ANY;
        int hwMajor = ANY;
        int fwMajorMin = 0;
        int fwMajorMax = 31; // 32+ firmware names itself (CKA_VENDOR_MODEL_NAME)
        int fwMinor = ANY;
        uint32_t flagsRequired = 0;
        uint8_t interfacesRequired = 0; // all of these among the supported interfaces
        uint8_t interfacesForbidden = 0; // none of these among the supported interfaces
    };

    constexpr uint8_t TYPE_ECP = 0x01;
    constexpr uint8_t TYPE_LITE = 0x02;
    constexpr uint8_t TYPE_S = 0x03;
    constexpr uint8_t TYPE_ECP_SC = 0x41;
    constexpr uint8_t TYPE_ECP_BT = 0x69;
    constexpr uint8_t TYPE_ECP_NFC = 0xC1;
    constexpr uint8_t TYPE_SC_DUAL_NFC = 0xC9;

    // First match wins, so the more specific rules come first.
    constexpr ModelRule RULES[] = {
        { .model = "rutoken-s", .tokenType = TYPE_S, .fwMajorMax = 255 },
        { .model = "rutoken-lite", .tokenType = TYPE_LITE, .fwMajorMax = 255 },
        { .model = "rutoken-ecp-bluetooth", .tokenType = TYPE_ECP_BT },
        { .model = "smartcard-rutoken-ecp-3.0-nfc-3100", .tokenType = TYPE_SC_DUAL_NFC },
        { .model = "rutoken-ecp-3.0-nfc-3100", .tokenType = TYPE_ECP_NFC },
        // tokenType is deprecated in rtpkcs11ecp: the ST31 chip (hw 60, fw 28/30/31) is told apart
        // by its interfaces. fw 31 over ISO is the NFC MF 3110, which the matrix lacks.
        { .model = "smartcard-rutoken-ecp-3.0-nfc-3100",
            .hwMajor = 60,
            .fwMajorMin = 28,
            .fwMajorMax = 30,
            .interfacesRequired = INTERFACE_ISO },
        { .model = "rutoken-ecp-3.0-nfc-3100",
            .hwMajor = 60,
            .fwMajorMin = 28,
            .fwMajorMax = 31,
            .interfacesRequired = INTERFACE_USB | INTERFACE_NFC_B },
        { .model = "rutoken-ecp-3.0-3100",
            .tokenType = TYPE_ECP,
            .hwMajor = 60,
            .fwMajorMin = 28,
            .interfacesForbidden = INTERFACE_ISO | INTERFACE_NFC_B },
        { .model = "rutoken-ecp-2.0-flash",
            .tokenType = TYPE_ECP,
            .fwMajorMin = 20,
            .flagsRequired = TOKEN_FLAG_HAS_FLASH_DRIVE },
        { .model = "smartcard-rutoken-ecp-2.0-2100",
            .tokenType = TYPE_ECP_SC,
            .hwMajor = 54,
            .fwMajorMin = 23,
            .fwMajorMax = 23,
            .fwMinor = 2 },
        { .model = "rutoken-ecp-2.0-2100",
            .tokenType = TYPE_ECP,
            .hwMajor = 54,
            .fwMajorMin = 23,
            .fwMajorMax = 23,
            .fwMinor = 2 },
        { .model = "rutoken-ecp-2.0-2000",
            .tokenType = TYPE_ECP,
            .hwMajor = 20,
            .fwMajorMin = 23,
            .fwMajorMax = 23 },
        { .model = "rutoken-ecp-2.0-2000",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 26,
            .fwMajorMax = 26 },
        { .model = "rutoken-ecp-2.0-3000",
            .tokenType = TYPE_ECP,
            .hwMajor = 20,
            .fwMajorMin = 26,
            .fwMajorMax = 26 },
        { .model = "rutoken-ecp-2.0-3000",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 27,
            .fwMajorMax = 27 },
        { .model = "rutoken-ecp-3.0-3220",
            .tokenType = TYPE_ECP,
            .hwMajor = 65,
            .fwMajorMin = 30,
            .fwMajorMax = 30 },
    };

    // The ATR families each model may present; token info contradicting the ATR names no model.
    struct ModelFamilies
    {
        std::string_view model;
        std::array<std::string_view, 2> families;
    };

    constexpr ModelFamilies MODEL_FAMILIES[] = {
        { "rutoken-s", { "rutoken-s" } },
        { "rutoken-lite", { "rutoken-lite" } },
        { "rutoken-ecp-2.0-2000", { "rutoken-ecp" } },
        { "rutoken-ecp-2.0-2100", { "rutoken-ecp" } },
        { "rutoken-ecp-2.0-flash", { "rutoken-ecp" } },
        { "rutoken-ecp-bluetooth", { "rutoken-ecp-bt", "rutoken-ecp" } },
        { "rutoken-2151", { "rutoken-ecp", "rutoken-2151-nfc" } },
        { "smartcard-rutoken-2151", { "rutoken-ecp-sc", "rutoken-2151-nfc" } },
        { "rutoken-ecp-pki", { "rutoken-ecp" } },
        { "rutoken-ecp-2.0-3000", { "rutoken-ecp" } },
        { "rutoken-ecp-3.0-3100", { "rutoken-ecp" } },
        { "rutoken-ecp-3.0-3220", { "rutoken-ecp" } },
        { "smartcard-rutoken-ecp-2.0-2100", { "rutoken-ecp-sc" } },
        { "rutoken-ecp-3.0-nfc-3100", { "rutoken-ecp", "rutoken-ecp-nfc" } },
        { "smartcard-rutoken-ecp-3.0-nfc-3100", { "rutoken-ecp-sc-nfc", "rutoken-ecp-nfc" } },
    };

    bool ruleMatches(const ModelRule& rule, const TokenInfo& info)
    {
        auto fits = [](int wanted, int actual) { return wanted == ANY || wanted == actual; };
        return fits(rule.tokenType, info.tokenType) && fits(rule.hwMajor, info.hardware.major)
            && info.firmware.major >= rule.fwMajorMin && info.firmware.major <= rule.fwMajorMax
            && fits(rule.fwMinor, info.firmware.minor)
            && (info.flags & rule.flagsRequired) == rule.flagsRequired
            && (info.supportedInterfaces & rule.interfacesRequired) == rule.interfacesRequired
            && (info.supportedInterfaces & rule.interfacesForbidden) == 0;
    }

    std::optional<std::string_view> modelFromInfo(const TokenInfo& info)
    {
        if (info.firmware.major >= 32 && !info.modelName.empty()) {
            return modelIdByName(info.modelName);
        }
        for (const auto& rule : RULES) {
            if (ruleMatches(rule, info)) {
                return rule.model;
            }
        }
        return std::nullopt;
    }

    bool familyAllowed(std::string_view model, std::string_view family)
    {
        for (const auto& entry : MODEL_FAMILIES) {
            if (entry.model == model) {
                return std::ranges::find(entry.families, family) != entry.families.end();
            }
        }
        return false;
    }

    // PC/SC part 3 builds contactless pseudo-ATRs as 3B 8n 80 01 ...; unknown cards still get the
    // right connection.
    bool looksContactless(std::span<const uint8_t> atr)
    {
        return atr.size() >= 4 && atr[0] == 0x3B && (atr[1] & 0xF0) == 0x80 && atr[2] == 0x80
            && atr[3] == 0x01;
    }

    struct ConnectionName
    {
        Connection connection;
        std::string_view name;
    };

    constexpr ConnectionName CONNECTION_NAMES[] = {
        { Connection::Contact, "contact" },
        { Connection::Nfc, "nfc" },
    };

} // namespace

std::string_view connectionName(Connection connection)
{
    for (const auto& entry : CONNECTION_NAMES) {
        if (entry.connection == connection) {
            return entry.name;
        }
    }
    return "contact";
}

std::optional<Connection> parseConnection(std::string_view name)
{
    for (const auto& entry : CONNECTION_NAMES) {
        if (entry.name == name) {
            return entry.connection;
        }
    }
    return std::nullopt;
}

Identification identify(std::span<const uint8_t> atr, const std::optional<TokenInfo>& info)
{
    Identification result;
    result.modelId = "unknown";
    const auto match = matchAtr(atr);
    if (!match) {
        // Not a Rutoken ATR: whatever such a card answers to GET DATA is not trusted.
        result.family = "unknown";
        result.connection = looksContactless(atr) ? Connection::Nfc : Connection::Contact;
        return result;
    }
    result.family = match->family;
    result.connection = match->connection;
    result.modelName = match->description;
    if (!info) {
        return result;
    }
    const auto model = modelFromInfo(*info);
    if (!model || !familyAllowed(*model, match->family)) {
        if (!info->modelName.empty()) {
            result.modelName = info->modelName;
        }
        return result;
    }
    result.known = true;
    result.modelId = std::string(*model);
    result.modelName = std::string(modelDisplayName(*model).value_or(*model));
    return result;
}

} // namespace tokenbridge::devices
