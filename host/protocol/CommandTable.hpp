#pragma once

#include "Request.hpp"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::protocol
{

enum class ParamType { String, Integer, Boolean, Object, Array };

struct ParamSpec
{
    std::string name;
    ParamType type = ParamType::String;
    bool required = false;
};

class CommandTable;

struct CommandContext
{
    const Request& request;
    Channel channel;
    const CommandTable& table;
    // The PIN the caller supplied out of band (the CLI's --pin-file); null if none.
    const security::PinBuffer* pin = nullptr;
    // The CryptoPro container password of the CLI's --container-password-file; null if none.
    const security::PinBuffer* containerPassword = nullptr;
    // The PIN that changePin / unblockUserPin set (the change-PIN window's or --new-pin-file's);
    // null if none.
    const security::PinBuffer* newPin = nullptr;

    [[nodiscard]] const nlohmann::json& params() const { return request.params; }
};

using CommandHandler = std::function<nlohmann::json(const CommandContext&)>;

struct CommandSpec
{
    std::string name;
    std::vector<ParamSpec> params;
    CommandHandler handler;
};

// name -> handler + parameter schema; commands are added here, never as branches elsewhere. What
// the protocol says of each command (origin, PIN, channel) is not here but in spec/protocol.json
// (CommandRules.hpp), which the Dispatcher enforces.
class CommandTable
{
public:
    // Throws std::logic_error on a duplicate name (a programming error).
    void add(CommandSpec spec);
    [[nodiscard]] const CommandSpec* find(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> names() const; // sorted

private:
    std::map<std::string, CommandSpec, std::less<>> _commands;
};

// Throws RequestError(INVALID_PARAMS) for a missing required, unknown or mistyped parameter.
void validateParams(const std::vector<ParamSpec>& schema, const nlohmann::json& params);

} // namespace tokenbridge::protocol
