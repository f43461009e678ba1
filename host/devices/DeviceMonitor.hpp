#pragma once

#include "Device.hpp"
#include "DeviceService.hpp"

#include <functional>
#include <memory>
#include <string>

namespace tokenbridge::devices
{

enum class DeviceEvent { Inserted, Removed };

// Watches PC/SC (SCardGetStatusChange on all readers plus the \\?PnP?\Notification pseudo
// reader) on its own thread and reports token insertion and removal. Survives pcscd restarts.
class DeviceMonitor
{
public:
    using Callback = std::function<void(DeviceEvent, const Device&)>;

    DeviceMonitor(DeviceService& service, Callback callback);
    ~DeviceMonitor(); // stops the thread (SCardCancel), never throws
    DeviceMonitor(const DeviceMonitor&) = delete;
    DeviceMonitor& operator=(const DeviceMonitor&) = delete;

    // Starts the thread and returns once it has taken its first snapshot of the tokens present
    // (those are not reported; later changes are) or found pcscd unreachable (at most 5 s).
    // Callbacks run on the monitor thread; they must not destroy the monitor.
    void start();
    void stop() noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

} // namespace tokenbridge::devices
