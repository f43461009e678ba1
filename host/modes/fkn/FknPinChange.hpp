#pragma once

#include "EngineTypes.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::fkn
{

// A new user PIN for an FKN token (docs/fkn.md "Wiring contract"): SESPAKE with the current PIN,
// then CHANGE REFERENCE DATA inside the secure channel, where the token re-enrolls its SESPAKE
// credential from the new PIN (new salt, fresh counters). Neither PIN crosses the wire in clear:
// SESPAKE proves the current one without sending it, and the command's data is encrypted by the
// channel. Errors: PIN_INCORRECT {"retriesLeft"} / PIN_BLOCKED (SESPAKE), PIN_INVALID (the token
// refused the new PIN), CARD_ERROR {"reason": "secure-channel"}.
void changeUserPin(const Transmit& transmit, const security::PinBuffer& current,
    const security::PinBuffer& next, const ScalarSource& scalars = randomScalar);

} // namespace tokenbridge::modes::fkn
