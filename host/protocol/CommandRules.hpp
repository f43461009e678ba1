#pragma once

#include "core/ErrorCode.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace tokenbridge::protocol
{

// What spec/protocol.json says of every command, enforced by the Dispatcher whatever the handler
// does. The table itself is generated: CommandRuleTable.hpp.

// Version-style commands may come without an origin; everything that touches a token must
// carry an allowed page origin when it arrives over native messaging. Everywhere: the origin is
// part of what the command computes (authenticate signs it), so the command line must give one
// too.
enum class OriginRule { Optional, Required, Everywhere };

// Whether the command uses the user PIN. Never: a params.pin is refused (INVALID_PARAMS), so a
// PIN cannot travel with a request that has no use for it. Optional: used when given (listings
// of private objects, FKN confirmation). Always / UnlessStream: the operation needs it (the
// extension's PIN window opens first; UnlessStream: not for sign {stream: "start"}).
enum class PinRule { Never, Optional, Always, UnlessStream };

// The answer of a command-line-only command on any other channel.
struct ChannelRefusal
{
    ErrorCode code;
    std::string_view message;
};

struct CommandRule
{
    std::string_view name;
    OriginRule origin;
    PinRule pin;
    std::optional<ChannelRefusal> cliOnly; // set: the command runs on the command line only
    // Takes params.newPin (changePin, unblockUserPin): the PIN the command sets; refused elsewhere.
    bool newPin = false;
};

using CommandRules = std::span<const CommandRule>;

// nullptr when `rules` has no rule named `name`.
const CommandRule* findRule(CommandRules rules, std::string_view name);

} // namespace tokenbridge::protocol
