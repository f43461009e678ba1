#pragma once

#include "Pkcs11.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tokenbridge::modes::active
{

class Pkcs11Module;

// A slot with a token, as CK_SLOT_INFO + CK_TOKEN_INFO tell it (text fields trimmed).
struct SlotToken
{
    CK_SLOT_ID slot = 0;
    std::string slotDescription; // usually the PC/SC reader name (maybe truncated to 64 chars)
    std::string slotManufacturer;
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string serial;
    CK_VERSION hardwareVersion {};
    CK_VERSION firmwareVersion {};
    CK_FLAGS flags = 0;
    CK_ULONG minPinLength = 0;
    CK_ULONG maxPinLength = 0;
};

SlotToken describeSlot(const Pkcs11Module& module, CK_SLOT_ID slot);
// CK_SLOT_INFO only (no token fields): cheap, most modules answer it without talking to the card.
SlotToken describeSlotOnly(const Pkcs11Module& module, CK_SLOT_ID slot);
std::vector<SlotToken> listTokens(const Pkcs11Module& module);

// What the token-info flags say about the user PIN, as protocol error details:
// {"retriesLeft": 1} on the final try, {"retriesLeft": 0} when locked, {"retriesLow": true}
// when the count is low; {} otherwise (Cryptoki gives no exact count).
nlohmann::json userPinDetails(CK_FLAGS tokenFlags);

nlohmann::json toJson(const SlotToken& token);

} // namespace tokenbridge::modes::active
