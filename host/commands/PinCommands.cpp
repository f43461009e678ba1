#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "modes/KeyService.hpp"

#include <array>
#include <string>
#include <string_view>

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    using PinType = modes::KeyRouter::PinType;

    struct PinTypeName
    {
        std::string_view name;
        PinType type;
    };

    constexpr std::array<PinTypeName, 2> PIN_TYPES { {
        { "user", PinType::User },
        { "admin", PinType::Admin },
    } };

    PinType pinTypeParam(const nlohmann::json& params)
    {
        const auto it = params.find("pinType");
        if (it == params.end()) {
            return PinType::User;
        }
        const auto text = it->get<std::string>();
        for (const auto& entry : PIN_TYPES) {
            if (entry.name == text) {
                return entry.type;
            }
        }
        throw RequestError(ErrorCode::INVALID_PARAMS, "pinType must be \"user\" or \"admin\"",
            { { "param", "pinType" } });
    }

    // The PIN window's answer or --new-pin-file; the page itself can never give one.
    const security::PinBuffer& requireNewPin(const protocol::CommandContext& context)
    {
        if (context.newPin == nullptr) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "the new PIN is missing (the extension's change-PIN window or --new-pin-file)",
                { { "param", "newPin" } });
        }
        return *context.newPin;
    }

    protocol::CommandSpec changePinCommand(modes::KeyService& keys)
    {
        return { "changePin",
            { { "deviceId", ParamType::String, true }, { "pinType", ParamType::String, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto type = pinTypeParam(params);
                const auto& newPin = requireNewPin(context);
                auto token = keys.open(stringParam(params, "deviceId"), context.pin);
                token.changePin(type, newPin);
                return { { "pinType", type == PinType::Admin ? "admin" : "user" } };
            } };
    }

    protocol::CommandSpec unblockUserPinCommand(modes::KeyService& keys)
    {
        return { "unblockUserPin", { { "deviceId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                auto token = keys.open(stringParam(context.params(), "deviceId"), context.pin);
                const auto sealed = token.unblockUserPin(context.newPin);
                return { { "newPin", context.newPin != nullptr }, { "sealedWithOldPin", sealed } };
            } };
    }

} // namespace

void addPinCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(changePinCommand(services.keys));
    table.add(unblockUserPinCommand(services.keys));
}

} // namespace tokenbridge::commands
