#include "BuildInfo.hpp"
#include "Commands.hpp"
#include "EnvironmentJson.hpp"

#include "core/Error.hpp"
#include "devices/DeviceService.hpp"
#include "modes/KeyService.hpp"
#include "modes/StoreChoice.hpp"

namespace tokenbridge::commands
{

namespace
{

    devices::Requirement parseMinimum(const nlohmann::json& params)
    {
        const auto it = params.find("minimum");
        if (it == params.end()) {
            return devices::Requirement::Any;
        }
        const auto requirement = devices::parseRequirement(it->get<std::string>());
        if (!requirement) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "minimum must be \"any\", \"non-extractable\" or \"fkn\"",
                { { "param", "minimum" } });
        }
        return *requirement;
    }

    // Whether the device can work at the requested security level; selectMode's refusal is the
    // answer "no" here, not an error of this request.
    bool meets(const devices::Device& device, devices::Requirement requirement)
    {
        try {
            devices::selectMode(device.modes, requirement);
            return true;
        } catch (const UserActionError& error) {
            if (error.code() != ErrorCode::MODE_NOT_SUPPORTED) {
                throw;
            }
            return false;
        }
    }

    protocol::CommandSpec versionCommand()
    {
        // No origin needed: the extension asks this before any page is involved (handshake).
        return { "version", {}, [](const protocol::CommandContext& context) -> nlohmann::json {
                    return { { "version", HOST_VERSION }, { "protocolVersion", PROTOCOL_VERSION },
                        { "commands", context.table.names() } };
                } };
    }

    protocol::CommandSpec listDevicesCommand(devices::DeviceService& devices)
    {
        return { "listDevices", { { "minimum", protocol::ParamType::String, false } },
            [&devices](const protocol::CommandContext& context) -> nlohmann::json {
                const bool filtered = context.params().contains("minimum");
                const auto requirement = parseMinimum(context.params());
                nlohmann::json listed = nlohmann::json::array();
                size_t excluded = 0;
                for (const auto& device : devices.listDevices()) {
                    if (filtered && !meets(device, requirement)) {
                        ++excluded;
                        continue;
                    }
                    listed.push_back(devices::toJson(device));
                }
                nlohmann::json result = { { "devices", std::move(listed) },
                    { "environment", toJson(devices.environment()) } };
                if (filtered) {
                    result["excluded"] = excluded;
                }
                return result;
            } };
    }

    protocol::CommandSpec getDeviceInfoCommand(
        devices::DeviceService& devices, modes::KeyService& keys)
    {
        return { "getDeviceInfo", { { "deviceId", protocol::ParamType::String, true } },
            [&devices, &keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto id = context.params()["deviceId"].get<std::string>();
                const devices::Device found = devices.getDevice(id);
                nlohmann::json device = devices::toJson(found);
                // PIN states only for a Rutoken: VERIFY references mean other things on other
                // cards.
                device["pins"] = device.value("known", false)
                    ? devices::toJson(devices.getPinStatus(id))
                    : nlohmann::json(nullptr);
                // FKN keys count wrong PINs with SESPAKE's own, smaller limit (docs/fkn.md "One
                // PIN, two limits"): the tries they have left.
                if (device.value("known", false) && modes::servesFkn(found)) {
                    const auto left = keys.open(id, nullptr).sespakeTriesLeft();
                    device["pins"]["user"]["sespakeRetriesLeft"] =
                        left ? nlohmann::json(*left) : nlohmann::json(nullptr);
                }
                return { { "device", std::move(device) } };
            } };
    }

} // namespace

void addDeviceCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(versionCommand());
    table.add(listDevicesCommand(services.devices));
    table.add(getDeviceInfoCommand(services.devices, services.keys));
}

} // namespace tokenbridge::commands
