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

// Where the facts a device is described from came from, best first: Aktiv's PKCS#11 library
// (rtpkcs11ecp's extension, or our module in tests), our token-info object (GET DATA 00 CA 01 81),
// or the ATR alone. The Device object's "identifiedBy".
enum class IdentifiedBy { Pkcs11, TokenInfo, Atr };

std::string_view identifiedByName(IdentifiedBy source); // "pkcs11" / "token-info" / "atr"

struct Identification
{
    bool known = false; // false: not a Rutoken, or a Rutoken model we can't name
    std::string modelId; // an id of docs/compatibility.md, or "unknown"
    std::string modelName; // human name, e.g. "Рутокен ЭЦП 3.0 3220"
    std::string family; // from the ATR; "unknown" if the ATR matched nothing
    Connection connection = Connection::Contact;
    IdentifiedBy identifiedBy = IdentifiedBy::Atr; // Atr also when `info` was not trusted
};

// The ATR gives the family; the token's facts (`info`, from `source`), if there are any, give the
// model (ModelRules.hpp). Facts about a card whose ATR is not a Rutoken's are not trusted.
Identification identify(std::span<const uint8_t> atr, const std::optional<TokenInfo>& info,
    IdentifiedBy source = IdentifiedBy::TokenInfo);

} // namespace tokenbridge::devices
