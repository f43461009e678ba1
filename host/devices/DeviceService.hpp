#pragma once

#include "Device.hpp"
#include "DeviceSession.hpp"
#include "Environment.hpp"
#include "PinStatus.hpp"
#include "VendorIdentifier.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tokenbridge::devices
{

// Finds tokens over PC/SC and describes them, and owns the access to them: every request that
// talks to a token opens a DeviceSession here. Thread-safe: listing never waits for a long
// operation on a token; sessions on one token are serialized in arrival order. Created once per
// host process (app/NativeMode.cpp, app/Cli.cpp).
class DeviceService
{
public:
    // `vendor` (may be null) describes Rutokens through the vendor's PKCS#11 library before our
    // token-info object is asked (app/Host.hpp wires it to the process's PKCS#11 modules).
    explicit DeviceService(
        Environment environment, std::shared_ptr<VendorIdentifier> vendor = nullptr);
    ~DeviceService();
    DeviceService(const DeviceService&) = delete;
    DeviceService& operator=(const DeviceService&) = delete;

    [[nodiscard]] const Environment& environment() const;

    // One reader listing. Throws RetryableError(PCSC_UNAVAILABLE) when pcscd can't be reached.
    // Each insertion of a card is identified once (the vendor's PKCS#11 library, else GET DATA
    // token-info) and cached; a card another process holds in a transaction (or a library slower
    // than that) is waited for at most 1 s, then listed from its ATR (id "reader:<reader>").
    std::vector<Device> listDevices();
    // One listing; RequestError(DEVICE_NOT_FOUND).
    Device getDevice(const std::string& id);
    // Takes the token's lock (waiting for the sessions opened before), then one listing:
    // RequestError(DEVICE_NOT_FOUND) when the token is not there.
    DeviceSession open(const std::string& id);
    // The user and admin PIN retry counters (VERIFY without data), in a session of their own.
    PinStatus getPinStatus(const std::string& id);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

} // namespace tokenbridge::devices
