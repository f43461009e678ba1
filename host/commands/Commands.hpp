#pragma once

#include "protocol/CommandTable.hpp"

namespace tokenbridge::devices
{
class DeviceService;
}

namespace tokenbridge::commands
{

// Every protocol command; docs/protocol.md documents each one. The service must outlive the
// table's handlers.
protocol::CommandTable makeCommandTable(devices::DeviceService& service);

protocol::CommandSpec versionCommand();
protocol::CommandSpec listDevicesCommand(devices::DeviceService& service);
protocol::CommandSpec getDeviceInfoCommand(devices::DeviceService& service);

} // namespace tokenbridge::commands
