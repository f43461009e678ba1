#pragma once

#include "devices/Device.hpp"
#include "modes/KeyStore.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::fkn
{
struct KeyAttributes;
}

namespace tokenbridge::commands
{

// Which store a new key goes to (generateKeyPair "mode").
enum class KeyMode { Passive, Active, Fkn };

// The matrix gives the device fkn or fkn-nfc and the token says it speaks SESPAKE + the secure
// channel (token-info features bit 02): this host can keep FKN keys on it.
bool servesFkn(const devices::Device& device);
// The matrix gives the device active-pkcs11 or active-crypt (both served through PKCS#11).
bool offersActive(const devices::Device& device);

// generateKeyPair's mode: "passive", "active"/"active-pkcs11"/"active-crypt", "fkn"/"fkn-nfc"
// (UserActionError(MODE_NOT_SUPPORTED) when the device does not offer it), or "auto": the most
// secure mode this host can serve, FKN > active (`activeServed`: a PKCS#11 module serves the
// token; asked only when needed) > passive.
KeyMode chooseKeyMode(const devices::Device& device, const std::string& requested,
    const std::function<bool()>& activeServed);

// One listing of a device: FKN keys first; an FKN key also seen through PKCS#11 is shown once,
// as "fkn".
std::vector<modes::KeyEntry> mergeKeyListings(std::vector<modes::KeyEntry> fkn,
    std::vector<modes::KeyEntry> active, std::vector<modes::KeyEntry> passive);

// getKeyInfo's answer to "is my key FKN?" (docs/protocol-keys.md): `attributes` is what the
// token said inside an FKN session opened with the PIN during this call, nullopt without a PIN.
// Fields merged into the result: confirmedBy ("token-attribute-in-fkn-session" or null),
// howToConfirm (without a PIN), tokenAttributes (with one).
nlohmann::json fknConfirmation(const std::optional<modes::fkn::KeyAttributes>& attributes);

} // namespace tokenbridge::commands
