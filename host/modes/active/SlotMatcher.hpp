#pragma once

#include "SlotToken.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tokenbridge::modes::active
{

class Pkcs11Module;

// Does this slot sit in the PC/SC reader `reader`? Modules put the reader name into
// slotDescription (padded/truncated to 64 chars), some split it into manufacturerID +
// slotDescription.
bool slotInReader(const SlotToken& token, std::string_view reader);

// Same token serial? PKCS#11 serials are 16 padded chars ("000000000A1B2C3D"), the PC/SC layer
// reports 8 hex digits ("0A1B2C3D"); both are compared as hex numbers, and the PKCS#11 value
// also as a decimal number (some tools print serials in decimal).
bool serialMatches(std::string_view tokenSerial, std::string_view pcscSerialHex);

// The slots with a token that sit in `reader`, by CK_SLOT_INFO alone (for a card whose serial is
// not known yet).
std::vector<CK_SLOT_ID> slotsInReader(const Pkcs11Module& module, std::string_view reader);

// The slot of the token the PC/SC layer found in `reader` with serial `serialHex` (empty when
// the card gave no token info). A serial match wins (a reader name alone can be ambiguous or
// truncated); a reader match whose token has a different serial is another card. nullopt when
// nothing matches or the answer is ambiguous.
std::optional<CK_SLOT_ID> findSlot(
    std::span<const SlotToken> tokens, std::string_view reader, std::string_view serialHex);
std::optional<CK_SLOT_ID> findSlot(
    const Pkcs11Module& module, std::string_view reader, std::string_view serialHex);

} // namespace tokenbridge::modes::active
