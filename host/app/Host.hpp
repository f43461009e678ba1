#pragma once

#include "commands/Commands.hpp"
#include "commands/SignStreams.hpp"
#include "devices/DeviceService.hpp"
#include "devices/Environment.hpp"
#include "modes/KeyService.hpp"
#include "modes/Pkcs11Identifier.hpp"
#include "modes/active/ModuleSet.hpp"
#include "net/HostConfig.hpp"
#include "protocol/Dispatcher.hpp"

namespace tokenbridge::app
{

// The objects one host process is made of, created once by each composition root (native
// messaging: NativeMode.cpp; the command line: Cli.cpp) and handed down: the PKCS#11 modules, the
// owner of device access (which identifies Rutokens through those modules first), the key
// routing, the documents being signed in chunks, the command table behind the dispatcher (which
// also holds the process's PIN rate limiter). Members are built in this order. The modules are
// shared: a card's probe thread may still be asking them when the host object goes.
struct Host
{
    std::shared_ptr<modes::active::ModuleSet> modules =
        std::make_shared<modes::active::ModuleSet>();
    devices::DeviceService devices { devices::detectEnvironment(),
        std::make_shared<modes::Pkcs11Identifier>(modules) };
    modes::KeyService keys { devices, *modules };
    commands::SignStreams streams;
    net::HostConfig config = net::loadHostConfig(net::defaultHostConfigFiles());
    protocol::Dispatcher dispatcher { commands::makeCommandTable(
        { devices, keys, streams, &config }) };
};

} // namespace tokenbridge::app
