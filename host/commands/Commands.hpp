#pragma once

#include "protocol/CommandTable.hpp"

namespace tokenbridge::devices
{
class DeviceService;
}
namespace tokenbridge::modes
{
class KeyService;
}

namespace tokenbridge::commands
{

// What the handlers use, created once per process at the composition roots (app/); it must
// outlive the table's handlers.
struct Services
{
    devices::DeviceService& devices;
    modes::KeyService& keys;
};

// Every protocol command; docs/protocol.md documents each one.
protocol::CommandTable makeCommandTable(const Services& services);

protocol::CommandSpec versionCommand();
protocol::CommandSpec listDevicesCommand(devices::DeviceService& devices);
protocol::CommandSpec getDeviceInfoCommand(devices::DeviceService& devices);

} // namespace tokenbridge::commands
