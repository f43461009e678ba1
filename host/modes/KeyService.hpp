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

    // importContainer: the CryptoPro container folder at `folder` loaded, validated with
    // `containerPassword` (null = none) and re-sealed under the empty password BEFORE the token
    // is opened (a wrong password or a damaged container costs no PIN try and writes nothing),
    // then copied onto the token in CSP's layout (PassiveKeyStore::importContainer).
    KeyEntry importContainer(const std::string& deviceId, const std::string& folder,
        const security::PinBuffer* pin, const security::PinBuffer* containerPassword);

private:
    devices::DeviceService& _devices;
    active::ModuleSet& _modules;
    KeyMemos _memos; // per token insertion, for the process
};

} // namespace tokenbridge::modes
