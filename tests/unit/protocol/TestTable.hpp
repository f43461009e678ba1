#pragma once

// A command table for tests of the protocol layer, independent of devices.
#include "protocol/CommandRules.hpp"
#include "protocol/CommandTable.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

namespace tokenbridge::protocol::test
{

struct Gate
{
    std::promise<void> promise;
    std::shared_future<void> future = promise.get_future().share();
};

// The rules of the test commands (the host's come from spec/protocol.json).
inline constexpr CommandRule TEST_RULES[] = {
    { "echo", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "token", OriginRule::Required, PinRule::Never, std::nullopt },
    { "bound", OriginRule::Everywhere, PinRule::Never, std::nullopt },
    { "typed", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "crash", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "weird", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "big", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "pinLength", OriginRule::Optional, PinRule::Optional, std::nullopt },
    { "passwordLength", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "local", OriginRule::Optional, PinRule::Always,
        ChannelRefusal { ErrorCode::NOT_EXPORTABLE, "local only" } },
    { "wait", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "release", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "setPin", OriginRule::Optional, PinRule::Always, std::nullopt, true },
};

inline CommandTable makeTestTable(std::shared_ptr<Gate> gate = std::make_shared<Gate>())
{
    CommandTable table;
    table.add(
        { "echo", { { "text", ParamType::String, true }, { "count", ParamType::Integer, false } },
            [](const CommandContext& context) -> nlohmann::json { return context.params(); } });
    table.add({ "token", {}, [](const CommandContext&) -> nlohmann::json {
                   return { { "touched", true } };
               } });
    table.add({ "bound", {}, [](const CommandContext& context) -> nlohmann::json {
                   return { { "origin", context.request.origin.value_or("") } };
               } });
    table.add({ "typed", {}, [](const CommandContext&) -> nlohmann::json {
                   throw UserActionError(ErrorCode::PIN_INCORRECT, "wrong PIN",
                       { { "retriesLeft", 2 }, { "code", "OVERRIDE" }, { "message", "x" } });
               } });
    table.add({ "crash", {}, [](const CommandContext&) -> nlohmann::json {
                   throw std::runtime_error("secret 12345678 leaked");
               } });
    table.add({ "weird", {}, [](const CommandContext&) -> nlohmann::json { throw 42; } });
    table.add({ "big", { { "size", ParamType::Integer, true } },
        [](const CommandContext& context) -> nlohmann::json {
            return std::string(context.params()["size"].get<size_t>(), 'b');
        } });
    // "pinLength" reports what the handler got as the PIN, and the params it saw.
    table.add({ "pinLength", {}, [](const CommandContext& context) -> nlohmann::json {
                   return { { "pinSize", context.pin ? static_cast<int>(context.pin->size()) : -1 },
                       { "params", context.params() } };
               } });
    // "setPin" (newPin: true) reports the sizes of both PINs it got (-1: none) and its params.
    table.add({ "setPin", {}, [](const CommandContext& context) -> nlohmann::json {
                   const auto size = [](const security::PinBuffer* pin) {
                       return pin ? static_cast<int>(pin->size()) : -1;
                   };
                   return { { "pinSize", size(context.pin) },
                       { "newPinSize", size(context.newPin) }, { "params", context.params() } };
               } });
    // "passwordLength" reports the container password the handler got (-1: none).
    table.add({ "passwordLength", {}, [](const CommandContext& context) -> nlohmann::json {
                   return context.containerPassword
                       ? static_cast<int>(context.containerPassword->size())
                       : -1;
               } });
    // "local" runs on the command line only (TEST_RULES); it reports the channel it ran on.
    table.add({ "local", { { "text", ParamType::String, true } },
        [](const CommandContext& context) -> nlohmann::json {
            return context.channel == Channel::Cli ? "cli" : "native";
        } });
    // "wait" blocks until "release" runs: both finish only if commands run concurrently.
    table.add({ "wait", {}, [gate](const CommandContext&) -> nlohmann::json {
                   const bool released =
                       gate->future.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
                   return released ? "released" : "timeout";
               } });
    table.add({ "release", {}, [gate](const CommandContext&) -> nlohmann::json {
                   gate->promise.set_value();
                   return "done";
               } });
    return table;
}

} // namespace tokenbridge::protocol::test
