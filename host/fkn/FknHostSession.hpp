#pragma once

#include "SecureChannel.hpp"
#include "SespakeTypes.hpp"

#include <functional>

namespace tokenbridge::fkn
{

// Sends one raw command APDU to the token and returns its raw response (data || SW).
using Transmit = std::function<Bytes(ByteView command)>;

// Host side over APDUs: SESPAKE START / EXCHANGE / CONFIRM (docs/fkn.md), then the open
// channel. Token refusals become PIN_INCORRECT (retriesLeft) / PIN_BLOCKED / CARD_ERROR.
SecureChannel openFknSession(
    const Transmit& transmit, ByteView pin, const ScalarSource& scalars = randomScalar);
// One protected exchange; a response the channel refuses kills the channel and throws.
ResponseApdu transmitProtected(
    SecureChannel& channel, const Transmit& transmit, const CommandApdu& command);

} // namespace tokenbridge::fkn
