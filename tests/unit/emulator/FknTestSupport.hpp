#pragma once

// Host side (tb_fkn role A) against the real card OS in-process: the Transmit calls
// vtoken::Card::process, so every APDU takes the path a PC/SC one takes inside vtoken.
#include "Card.hpp"

#include "fkn/FknHostSession.hpp"

#include <optional>
#include <string_view>

namespace tokenbridge::vtoken::test
{

inline constexpr std::string_view FACTORY_USER_PIN = "12345678";

fkn::Transmit transmitTo(Card& card);
fkn::SecureChannel openSession(Card& card, std::string_view pin = FACTORY_USER_PIN);
// A plain command given as hex (spaces allowed), as CommandApdu.
CommandApdu command(std::string_view hex);
// One protected exchange of the plain command `hex`.
ResponseApdu sendProtected(fkn::SecureChannel& channel, Card& card, std::string_view hex);

// How a SESPAKE run with `pin` ended: nullopt when the session opened, else the error code
// (PIN_INCORRECT, PIN_BLOCKED, ...) and, for PIN_INCORRECT, the tries left.
struct SespakeFailure
{
    ErrorCode code;
    int retriesLeft = -1;
};
std::optional<SespakeFailure> trySespake(Card& card, std::string_view pin);

} // namespace tokenbridge::vtoken::test
