#pragma once

#include <cstdint>

namespace tokenbridge::pcsc
{
class Card;
}
namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::passive
{

// The card's own PIN commands (docs/vtoken.md "PINs", as on Rutoken), for tokens no PKCS#11
// module serves and for what PKCS#11 cannot say (unblocking without a new PIN). Every APDU that
// carries a PIN is wiped after the call; the card's security state is reset before returning.
// Errors: PIN_INCORRECT {"retriesLeft"} / PIN_BLOCKED for the authorizing PIN, PIN_INVALID for a
// new PIN the card refuses, CARD_ERROR otherwise.

// CHANGE REFERENCE DATA of PIN `reference` (devices::PIN_USER / PIN_ADMIN).
void changeCardPin(pcsc::Card& card, std::uint8_t reference, const security::PinBuffer& current,
    const security::PinBuffer& next);

// VERIFY of the admin PIN, then RESET RETRY COUNTER of the user PIN: with a new one (`2C 02`), or
// only unblocking it (`2C 03`) when `newUserPin` is null.
void unblockCardUserPin(
    pcsc::Card& card, const security::PinBuffer& adminPin, const security::PinBuffer* newUserPin);

} // namespace tokenbridge::modes::passive
