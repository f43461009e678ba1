#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace tokenbridge::pcsc
{
class Card;
}

namespace tokenbridge::devices
{

// PIN references of docs/vtoken.md (VERIFY P2), as on Rutoken.
inline constexpr uint8_t PIN_ADMIN = 0x01;
inline constexpr uint8_t PIN_USER = 0x02;

// What VERIFY without data (docs/vtoken.md) says about one PIN; it changes nothing on the card.
struct PinInfo
{
    bool supported = false; // false: the card does not answer the status form (not a Rutoken)
    bool verified = false; // verified in the current card session
    bool blocked = false;
    std::optional<int> retriesLeft; // known when not verified: 63Cx; 0 when blocked
};

struct PinStatus
{
    PinInfo user;
    PinInfo admin;
};

// Sends 00 20 00 <reference>; the caller holds the card (DeviceService::withCard).
PinInfo readPinInfo(pcsc::Card& card, uint8_t reference);

// {"supported": true, "verified": false, "blocked": false, "retriesLeft": 9}
nlohmann::json toJson(const PinInfo& info);
// {"user": {...}, "admin": {...}}
nlohmann::json toJson(const PinStatus& status);

} // namespace tokenbridge::devices
