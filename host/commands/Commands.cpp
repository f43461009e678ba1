#include "Commands.hpp"
#include "KeyCommands.hpp"

namespace tokenbridge::commands
{

protocol::CommandTable makeCommandTable(devices::DeviceService& service)
{
    protocol::CommandTable table;
    table.add(versionCommand());
    table.add(listDevicesCommand(service));
    table.add(getDeviceInfoCommand(service));
    addKeyCommands(table, service);
    return table;
}

} // namespace tokenbridge::commands
