#include "BuildInfo.hpp"
#include "Commands.hpp"

namespace tokenbridge::commands
{

protocol::CommandSpec versionCommand()
{
    // No origin needed: the extension asks this before any page is involved (handshake).
    return { "version", {}, [](const protocol::CommandContext& context) -> nlohmann::json {
                return { { "version", HOST_VERSION }, { "protocolVersion", PROTOCOL_VERSION },
                    { "commands", context.table.names() } };
            } };
}

} // namespace tokenbridge::commands
