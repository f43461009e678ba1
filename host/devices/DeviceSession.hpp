#pragma once

#include "Device.hpp"
#include "FifoMutex.hpp"

#include <memory>
#include <mutex>

namespace tokenbridge::pcsc
{
class Card;
class Context;
} // namespace tokenbridge::pcsc

namespace tokenbridge::devices
{

// One request's access to one token (DeviceService::open): the device as one reader listing
// described it, the token's lock for the whole request (requests for one token run one at a
// time, in arrival order), and at most one connection holding one PC/SC transaction from the
// first card() until release() or the end of the session. Not thread-safe: one request, one
// thread.
class DeviceSession
{
public:
    // `guard` holds `lock`; `context` is the one the listing used.
    DeviceSession(Device device, std::shared_ptr<FifoMutex> lock, std::unique_lock<FifoMutex> guard,
        std::shared_ptr<const pcsc::Context> context);
    ~DeviceSession();
    DeviceSession(DeviceSession&&) noexcept;
    DeviceSession& operator=(DeviceSession&&) = delete;
    DeviceSession(const DeviceSession&) = delete;
    DeviceSession& operator=(const DeviceSession&) = delete;

    [[nodiscard]] const Device& device() const noexcept { return _device; }

    // The token's card, connected and held in a transaction. The first call of a session (and the
    // first after release()) checks that the reader still holds this token: RetryableError
    // (TOKEN_REMOVED) when it was pulled or replaced since the listing.
    pcsc::Card& card();
    // Ends the transaction and disconnects, so that another connection to the token (a PKCS#11
    // module's) is not kept waiting for ours.
    void release() noexcept;
    // TOKEN_REMOVED unless this token is still in its reader (for code that used the token
    // through another connection and must tell "token gone" from "token not served").
    void checkPresent();

private:
    struct Held;

    Device _device;
    std::shared_ptr<FifoMutex> _lock;
    std::unique_lock<FifoMutex> _guard;
    std::shared_ptr<const pcsc::Context> _context;
    std::unique_ptr<Held> _held;
};

} // namespace tokenbridge::devices
