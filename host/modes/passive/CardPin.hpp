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

// The user PIN verified on the card for one scope: VERIFY in the constructor, VERIFY FF (logout)
// in the destructor, so the card's security state never outlives the request.
// No PIN given: UserActionError(PIN_REQUIRED) {"retriesLeft": n} (or PIN_BLOCKED).
// Wrong: PIN_INCORRECT {"retriesLeft": n}; blocked: PIN_BLOCKED.
class CardPinSession
{
public:
    CardPinSession(pcsc::Card& card, const security::PinBuffer* pin);
    ~CardPinSession();
    CardPinSession(const CardPinSession&) = delete;
    CardPinSession& operator=(const CardPinSession&) = delete;

private:
    pcsc::Card& _card;
};

} // namespace tokenbridge::modes::passive
