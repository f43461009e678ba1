#pragma once

#include "devices/Environment.hpp"

#include <nlohmann/json.hpp>

namespace tokenbridge::commands
{

// {"csp": "5.0-R3", "cspSource": "default", "platform": "linux"}: the inputs the reported
// modes depend on besides the token.
inline nlohmann::json toJson(const devices::Environment& environment)
{
    return { { "csp", environment.csp }, { "cspSource", environment.cspSource },
        { "platform", environment.platform } };
}

} // namespace tokenbridge::commands
