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
                keys.open(stringParam(context.params(), "deviceId"), context.pin,
                        context.containerPassword)
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
                const auto secret = keys.open(stringParam(context.params(), "deviceId"),
                                            context.pin, context.containerPassword)
                                        .exportKey(stringParam(context.params(), "keyId"));
                return { { "privateKey",
                    std::string(secret.view().begin(), secret.view().end()) } };
            } };
    }

    // A CryptoPro container folder (a flash drive's `abcdef.000`) onto the token, command line
    // only. The folder is loaded, validated with its password and re-sealed under the empty one
    // before the token is opened: a wrong password or a damaged container costs no PIN try and
    // writes nothing (docs/protocol-keys.md importContainer).
    protocol::CommandSpec importContainerCommand(modes::KeyService& keys)
    {
        return { "importContainer",
            { { "deviceId", ParamType::String, true }, { "path", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto deviceId = stringParam(context.params(), "deviceId");
                const auto key = keys.importContainer(deviceId,
                    stringParam(context.params(), "path"), context.pin, context.containerPassword);
                return keyToJson(key, deviceId);
            } };
    }

} // namespace

void addKeyAdminCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(deleteKeyCommand(services.keys));
    table.add(exportKeyCommand(services.keys));
    table.add(importContainerCommand(services.keys));
}

} // namespace tokenbridge::commands
