#include "Commands.hpp"
#include "KeyCommands.hpp"

namespace tokenbridge::commands
{

protocol::CommandTable makeCommandTable(const Services& services)
{
    protocol::CommandTable table;
    table.add(versionCommand());
    table.add(listDevicesCommand(services.devices));
    table.add(getDeviceInfoCommand(services.devices));
    addKeyCommands(table, services);
    return table;
}

} // namespace tokenbridge::commands
