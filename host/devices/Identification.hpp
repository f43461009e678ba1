#pragma once

#include "TokenInfo.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tokenbridge::devices
{

enum class Connection { Contact, Nfc };

std::string_view connectionName(Connection connection); // "contact" / "nfc"
std::optional<Connection> parseConnection(std::string_view name);

// What the ATR alone says: the family, and whether it is a contactless pseudo-ATR.
struct AtrMatch
{
    // e.g. "rutoken-ecp", "rutoken-ecp-sc", "rutoken-lite", "rutoken-s"; the full list is
    // AtrCatalog.cpp's table.
    std::string family;
    std::string description;
    Connection connection = Connection::Contact;
};

std::optional<AtrMatch> matchAtr(std::span<const uint8_t> atr);

struct Identification
{
    bool known = false; // false: not a Rutoken, or a Rutoken model we can't name
    std::string modelId; // an id of docs/compatibility.md, or "unknown"
    std::string modelName; // human name, e.g. "Рутокен ЭЦП 3.0 3220"
    std::string family; // from the ATR; "unknown" if the ATR matched nothing
    Connection connection = Connection::Contact;
};

// The ATR gives the family; the token-info object (if the card answered it) gives the model.
Identification identify(std::span<const uint8_t> atr, const std::optional<TokenInfo>& info);

} // namespace tokenbridge::devices
