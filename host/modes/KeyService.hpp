#pragma once

#include "KeyRouter.hpp"

#include <string>

namespace tokenbridge::devices
{
class DeviceService;
}

namespace tokenbridge::modes
{

// The one way commands reach keys: opens one request's KeyRouter on one token. Created once per
// host process at the composition roots (app/NativeMode.cpp, app/Cli.cpp) with the process's
// device service and PKCS#11 modules.
class KeyService
{
public:
    KeyService(devices::DeviceService& devices, active::ModuleSet& modules);

    // Takes the token for the request (DeviceService::open: its lock, one listing).
    // RequestError(DEVICE_NOT_FOUND); RequestError(MODE_NOT_SUPPORTED) for a card that is not a
    // known Rutoken (its file system is not ours to write). `pin` may be null.
    // `containerPassword`: a CryptoPro container's (command line only), may be null.
    KeyRouter open(const std::string& deviceId, const security::PinBuffer* pin,
        const security::PinBuffer* containerPassword = nullptr);

private:
    devices::DeviceService& _devices;
    active::ModuleSet& _modules;
};

} // namespace tokenbridge::modes
