#pragma once

#include <cstddef>

namespace tokenbridge::security
{

class PinBuffer;

// The lengths (in bytes) a token accepts for a new PIN: from its PKCS#11 module's token info
// (ulMinPinLen / ulMaxPinLen) when one serves it, otherwise Rutoken's factory policy.
struct PinPolicy
{
    std::size_t minLength = 0;
    std::size_t maxLength = 0;
};

// Rutoken's factory policy (docs/protocol-keys.md "PIN policy"): 6 to 32 bytes, both PINs.
inline constexpr PinPolicy RUTOKEN_PIN_POLICY { 6, 32 };

// Checked before anything reaches the token, so a refused PIN costs no try and changes nothing.
// Throws UserActionError(PIN_INVALID) {"param": "newPin", "reason": "too-short" | "too-long",
// "minLength", "maxLength"}; the message names the limits, never the PIN.
void checkNewPin(const PinBuffer& newPin, const PinPolicy& policy);

} // namespace tokenbridge::security
