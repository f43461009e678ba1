#pragma once

#include "Device.hpp"
#include "Environment.hpp"
#include "PinStatus.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tokenbridge::pcsc
{
class Card;
}

namespace tokenbridge::devices
{

// Finds tokens over PC/SC and describes them. Thread-safe: listing never waits for a long
// operation on a token; operations on one token are serialized in arrival order.
class DeviceService
{
public:
    explicit DeviceService(Environment environment);
    ~DeviceService();
    DeviceService(const DeviceService&) = delete;
    DeviceService& operator=(const DeviceService&) = delete;

    [[nodiscard]] const Environment& environment() const;

    // Throws RetryableError(PCSC_UNAVAILABLE) when pcscd can't be reached. Each insertion of a
    // card is read once (GET DATA token-info) and cached; a card another process holds in a
    // transaction is waited for at most 1 s, then listed from its ATR (id "reader:<reader>").
    std::vector<Device> listDevices();
    // Throws RequestError(DEVICE_NOT_FOUND).
    Device getDevice(const std::string& id);
    // Runs `work` with the device's card connected and exclusively held (SCardBeginTransaction).
    // A card pulled during `work` surfaces as RetryableError(TOKEN_REMOVED), and so does a
    // device no longer present (callers look it up with getDevice when their command starts).
    // Throws RetryableError(TOKEN_REMOVED) too if another token now sits in the device's reader.
    void withCard(const std::string& id, const std::function<void(pcsc::Card&)>& work);
    // Throws RetryableError(TOKEN_REMOVED) unless the same insertion of the device's token is
    // still in its reader (for code that talks to the token through another connection, e.g. a
    // PKCS#11 module, and must tell "token gone" from "token not served").
    void checkPresent(const Device& device);
    // The user and admin PIN retry counters (VERIFY without data), through withCard.
    PinStatus getPinStatus(const std::string& id);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

} // namespace tokenbridge::devices
