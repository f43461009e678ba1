#pragma once

#include "SecureChannel.hpp"
#include "SespakeTypes.hpp"

#include <functional>
#include <optional>

namespace tokenbridge::fkn
{

// Sends one raw command APDU to the token and returns its raw response (data || SW).
using Transmit = std::function<Bytes(ByteView command)>;

// Host side over APDUs: SESPAKE START / EXCHANGE / CONFIRM (docs/fkn.md), then the open
// channel. Token refusals become PIN_INCORRECT (retriesLeft) / PIN_BLOCKED / CARD_ERROR.
SecureChannel openFknSession(
    const Transmit& transmit, ByteView pin, const ScalarSource& scalars = randomScalar);
// SESPAKE START's status form (no data; docs/fkn.md): the tries SESPAKE has left (C_1), 0 when
// blocked; nullopt when the token does not answer it. Spends nothing, opens nothing.
std::optional<int> sespakeTriesLeft(const Transmit& transmit);
// One protected exchange; a response the channel refuses kills the channel and throws.
ResponseApdu transmitProtected(
    SecureChannel& channel, const Transmit& transmit, const CommandApdu& command);

} // namespace tokenbridge::fkn
