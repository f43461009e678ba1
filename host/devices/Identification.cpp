#include "Identification.hpp"

#include "AtrCatalog.hpp"
#include "CompatibilityTable.hpp"
#include "ModelRules.hpp"

#include <algorithm>
#include <array>

namespace tokenbridge::devices
{

namespace
{

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

    struct SourceName
    {
        IdentifiedBy source;
        std::string_view name;
    };

    constexpr SourceName SOURCE_NAMES[] = {
        { IdentifiedBy::Pkcs11, "pkcs11" },
        { IdentifiedBy::TokenInfo, "token-info" },
        { IdentifiedBy::Atr, "atr" },
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

std::string_view identifiedByName(IdentifiedBy source)
{
    for (const auto& entry : SOURCE_NAMES) {
        if (entry.source == source) {
            return entry.name;
        }
    }
    return "atr";
}

Identification identify(
    std::span<const uint8_t> atr, const std::optional<TokenInfo>& info, IdentifiedBy source)
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
    result.identifiedBy = source;
    const auto model = modelFromTokenInfo(*info);
    if (!model || model->modelId.empty() || !familyAllowed(model->modelId, match->family)) {
        // A model the matrix lacks keeps the name it was given; one contradicting the ATR does not.
        if (model && model->modelId.empty()) {
            result.modelName = model->name;
        } else if (!model && !info->modelName.empty()) {
            result.modelName = info->modelName;
        }
        return result;
    }
    result.known = true;
    result.modelId = model->modelId;
    result.modelName = std::string(modelDisplayName(model->modelId).value_or(model->modelId));
    return result;
}

} // namespace tokenbridge::devices
