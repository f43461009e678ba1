#pragma once

#include "commands/Commands.hpp"
#include "commands/SignStreams.hpp"
#include "devices/DeviceService.hpp"
#include "devices/Environment.hpp"
#include "modes/KeyService.hpp"
#include "modes/active/ModuleSet.hpp"
#include "protocol/Dispatcher.hpp"

namespace tokenbridge::app
{

// The objects one host process is made of, created once by each composition root (native
// messaging: NativeMode.cpp; the command line: Cli.cpp) and handed down: the owner of device
// access, the PKCS#11 modules, the key routing, the documents being signed in chunks, the command
// table behind the dispatcher (which also holds the process's PIN rate limiter). Members are built
// in this order.
struct Host
{
    devices::DeviceService devices { devices::detectEnvironment() };
    modes::active::ModuleSet modules;
    modes::KeyService keys { devices, modules };
    commands::SignStreams streams;
    protocol::Dispatcher dispatcher { commands::makeCommandTable({ devices, keys, streams }) };
};

} // namespace tokenbridge::app
