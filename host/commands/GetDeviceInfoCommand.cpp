#include "Commands.hpp"

#include "devices/DeviceService.hpp"

namespace tokenbridge::commands
{

protocol::CommandSpec getDeviceInfoCommand(devices::DeviceService& devices)
{
    return { "getDeviceInfo", { { "deviceId", protocol::ParamType::String, true } },
        [&devices](const protocol::CommandContext& context) -> nlohmann::json {
            const auto id = context.params()["deviceId"].get<std::string>();
            nlohmann::json device = devices::toJson(devices.getDevice(id));
            // PIN states only for a Rutoken: VERIFY references mean other things on other cards.
            device["pins"] = device.value("known", false)
                ? devices::toJson(devices.getPinStatus(id))
                : nlohmann::json(nullptr);
            return { { "device", std::move(device) } };
        } };
}

} // namespace tokenbridge::commands
