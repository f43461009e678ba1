#pragma once

#include "Compatibility.hpp"
#include "Environment.hpp"
#include "Identification.hpp"
#include "TokenInfo.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tokenbridge::devices
{

// One card in one reader, as listDevices / `tokenbridge-host devices` report it.
struct Device
{
    std::string id; // stable across re-plugging: "<modelId>-<serial hex>" or "reader:<reader>"
    std::string reader;
    std::vector<uint8_t> atr;
    Identification identification;
    std::optional<TokenInfo> info;
    std::vector<Mode> modes; // for the configured CSP profile and platform, most secure first
    std::optional<Mode> selectedMode;
    // This insertion of the card ("<reader>#<pcscd's event count>#<ATR>"): what a request learnt
    // about the token (modes::KeyMemo) holds for later requests only while it stays the same.
    std::string insertion;
};

// Everything about a card that needs no PC/SC: identifies it (ATR + the token's facts, if
// `source` gave any: the vendor's PKCS#11 library or the parsed GET DATA answer) and looks its
// modes up for the environment. Facts about a card whose ATR is not a Rutoken's are dropped (not
// trusted).
Device describeDevice(std::string reader, std::vector<uint8_t> atr, std::optional<TokenInfo> info,
    const Environment& environment, IdentifiedBy source = IdentifiedBy::TokenInfo);

// "<modelId>-<serial as 8 hex digits>" when the token told its serial (through the vendor's
// PKCS#11 library or its token-info object: the same id either way), else "reader:<reader>".
std::string deviceId(const Identification& identification, const std::optional<TokenInfo>& info,
    const std::string& reader);

// The device as listDevices reports it:
// {"id": "rutoken-ecp-3.0-3220-0A1B2C3D", "reader": "Virtual PCD 00 00",
//  "atr": "3B8B015275746F6B656E20454350A0",       // hex, upper case, no spaces
//  "model": "rutoken-ecp-3.0-3220",               // compatibility.md id, or "unknown"
//  "modelName": "Рутокен ЭЦП 3.0 3220",           // for unknown models: the card's own name or
//                                                 // the ATR family's description, or ""
//  "family": "rutoken-ecp",                       // ATR family, "unknown" for non-Rutokens
//  "connection": "contact",                       // or "nfc"
//  "known": true,                                 // false: not a Rutoken / model not named
//  "identifiedBy": "pkcs11",                      // or "token-info", "atr": the facts' source
//  "serial": "0A1B2C3D",                          // 8 hex digits, null without token info
//  "hardwareVersion": "65.0", "firmwareVersion": "30.0",   // null without token info
//  "features": {"cryptoCore": true, "fkn": true, "flash": false},  // all false without info
//  "modes": ["fkn", "active-pkcs11", "passive"],   // most secure first; [] if unknown/unsupported
//  "selectedMode": "fkn",                          // null when "modes" is empty
//  "extractableOnly": false}                       // true iff "modes" is exactly ["passive"]
nlohmann::json toJson(const Device& device);

} // namespace tokenbridge::devices
