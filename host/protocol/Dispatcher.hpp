#pragma once

#include "CommandRuleTable.hpp"
#include "CommandTable.hpp"
#include "Request.hpp"

#include "security/OriginPolicy.hpp"
#include "security/RateLimiter.hpp"

#include <exception>
#include <nlohmann/json.hpp>
#include <string_view>

namespace tokenbridge::protocol
{

struct Caller
{
    Channel channel = Channel::NativeMessaging;
    const security::PinBuffer* pin = nullptr;
    // A CryptoPro container's password (the CLI's --container-password-file); never set on the
    // native messaging channel: a page cannot give one (docs/protocol-keys.md importContainer).
    const security::PinBuffer* containerPassword = nullptr;
    // The PIN a changePin / unblockUserPin sets (the CLI's --new-pin-file).
    const security::PinBuffer* newPin = nullptr;
};

// Runs one request through the command table. The ONE place where exceptions become protocol
// error codes: a typed tokenbridge::Error gives its code, message and details; anything else
// is INTERNAL_ERROR with a generic message (its text goes to the log only). Also the one place
// that enforces each command's rules of spec/protocol.json (origin, PIN, command line only), and
// that limits wrong PINs per page origin (docs/protocol.md RATE_LIMITED): one dispatcher, so one
// limiter, per host process. The command line (no origin) is the local user and is not limited.
class Dispatcher
{
public:
    // Throws std::logic_error when a command of `table` has no rule in `rules` (a command added
    // to the host but not to spec/protocol.json). `rules` must outlive the dispatcher.
    explicit Dispatcher(
        CommandTable table, CommandRules rules = COMMAND_RULES, security::OriginPolicy policy = {});

    // Never throws; always returns a response object ({"id","result"} or {"id","error"}).
    [[nodiscard]] nlohmann::json dispatchText(std::string_view payload, const Caller& caller) const;
    [[nodiscard]] nlohmann::json dispatch(
        const nlohmann::json& message, const Caller& caller) const;

    // The error response for the exception being handled (or `error`), for the given id.
    static nlohmann::json errorResponse(const nlohmann::json& id, std::exception_ptr error);

    [[nodiscard]] const CommandTable& table() const { return _table; }

private:
    [[nodiscard]] const CommandRule& ruleOf(const std::string& command) const;
    void checkOrigin(const Request& request, const CommandRule& rule, const Caller& caller) const;

    CommandTable _table;
    CommandRules _rules;
    security::OriginPolicy _policy;
    mutable security::RateLimiter _limiter; // thread-safe
};

} // namespace tokenbridge::protocol
