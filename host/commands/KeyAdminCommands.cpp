#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "modes/KeyService.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    protocol::CommandSpec deleteKeyCommand(modes::KeyService& keys)
    {
        return { "deleteKey",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                keys.open(stringParam(context.params(), "deviceId"), context.pin)
                    .deleteKey(stringParam(context.params(), "keyId"));
                return { { "deleted", true } };
            } };
    }

    // The private key leaves the token only to the local user's command line, never to a page (the
    // dispatcher refuses the command on any other channel: spec/protocol.json "cliOnly").
    protocol::CommandSpec exportKeyCommand(modes::KeyService& keys)
    {
        return { "exportKey",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto secret =
                    keys.open(stringParam(context.params(), "deviceId"), context.pin)
                        .exportKey(stringParam(context.params(), "keyId"));
                return { { "privateKey",
                    std::string(secret.view().begin(), secret.view().end()) } };
            } };
    }

} // namespace

void addKeyAdminCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(deleteKeyCommand(services.keys));
    table.add(exportKeyCommand(services.keys));
}

} // namespace tokenbridge::commands
