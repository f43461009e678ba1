#pragma once

#include "Identification.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::devices
{

// Mode ids of docs/compatibility.md, most secure first.
enum class Mode { Fkn, FknNfc, ActivePkcs11, ActiveCrypt, Passive };

std::string_view modeName(
    Mode mode); // "fkn", "fkn-nfc", "active-pkcs11", "active-crypt", "passive"
std::optional<Mode> parseMode(std::string_view name);
bool isExtractable(Mode mode); // only passive
// Minimum security a request may demand (the "minimum" of docs/protocol.md).
enum class Requirement { Any, NonExtractable, Fkn };
std::optional<Requirement> parseRequirement(std::string_view name); // "any","non-extractable","fkn"
std::string_view requirementName(Requirement requirement);

struct CompatQuery
{
    std::string model; // compatibility.md model id
    std::string csp; // "4.0-R4", "5.0-11455", "5.0-R2", "5.0-R3"
    std::string platform; // "windows","linux","macos","android","ios","aurora"
    Connection connection = Connection::Contact;
};

struct CompatResult
{
    bool supported = false;
    std::vector<Mode> modes; // most secure first
    std::optional<Mode> selected; // the most secure of modes
};

// Throws RequestError(INVALID_PARAMS) naming the unknown model/csp/platform.
CompatResult lookupCompatibility(const CompatQuery& query);

// The most secure mode meeting the requirement; throws UserActionError(MODE_NOT_SUPPORTED)
// whose message names what the token can do.
Mode selectMode(const std::vector<Mode>& modes, Requirement requirement);

// What `tokenbridge-host compat` prints:
// {"model": "rutoken-ecp-3.0-nfc-3100", "csp": "5.0-R3", "platform": "linux",
//  "connection": "nfc", "supported": true, "modes": ["fkn-nfc", "active-pkcs11", "passive"],
//  "selected": "fkn-nfc"}      ("selected" is null when "supported" is false)
nlohmann::json compatToJson(const CompatQuery& query, const CompatResult& result);
nlohmann::json modesToJson(const std::vector<Mode>& modes); // ["fkn", "passive"]

} // namespace tokenbridge::devices
