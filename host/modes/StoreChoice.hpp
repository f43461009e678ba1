#pragma once

#include "KeyStore.hpp"

#include "core/Mode.hpp"
#include "devices/Device.hpp"

#include <functional>
#include <string_view>
#include <vector>

namespace tokenbridge::modes
{

// The matrix gives the device fkn or fkn-nfc and the token says it speaks SESPAKE + the secure
// channel (token-info features bit 02): this host can keep FKN keys on it.
bool servesFkn(const devices::Device& device);
// The matrix gives the device active-pkcs11 or active-crypt (both served through PKCS#11).
bool offersActive(const devices::Device& device);

// generateKeyPair's "mode": "auto", a mode of docs/compatibility.md, or "active" (= either
// active mode).
bool isModeRequest(std::string_view requested);

// The store a new key goes to (Mode::Fkn, Mode::ActivePkcs11 or Mode::Passive) for a mode the
// request names; UserActionError(MODE_NOT_SUPPORTED) {requested, available} when the device
// does not offer it: every mode, passive included, only where the compatibility table lists it
// for the model, CSP profile, platform and connection (device.modes). "auto": the most secure
// mode this host can serve, FKN > active (`activeServed`: a PKCS#11 module serves the token;
// asked only when needed) > passive, and MODE_NOT_SUPPORTED when there is none.
Mode chooseStore(const devices::Device& device, std::string_view requested,
    const std::function<bool()>& activeServed);

// One listing of a device: FKN keys first; an FKN key also seen through PKCS#11 (same id, or the
// same public key when the token lost power before the id was stored) is shown once, as FKN.
std::vector<KeyEntry> mergeKeyListings(
    std::vector<KeyEntry> fkn, std::vector<KeyEntry> active, std::vector<KeyEntry> passive);

} // namespace tokenbridge::modes
