#include "Cli.hpp"

#include "Host.hpp"

#include "core/Log.hpp"
#include "devices/DeviceMonitor.hpp"
#include "protocol/Response.hpp"
#include "protocol/Session.hpp"

#include <array>
#include <csignal>
#include <fcntl.h>
#include <exception>
#include <system_error>
#include <unistd.h>

namespace tokenbridge::app
{

namespace
{

    struct EventName
    {
        devices::DeviceEvent event;
        std::string_view name;
    };

    constexpr std::array<EventName, 2> EVENT_NAMES { {
        { devices::DeviceEvent::Inserted, "deviceInserted" },
        { devices::DeviceEvent::Removed, "deviceRemoved" },
    } };

    std::string_view eventName(devices::DeviceEvent event)
    {
        for (const auto& entry : EVENT_NAMES) {
            if (entry.event == event) {
                return entry.name;
            }
        }
        return "deviceChanged";
    }

    // Keeps the real stdout for frames only and points fd 1 at stderr, so that nothing a library
    // prints can corrupt the stream.
    int takeStdoutForFrames()
    {
        // Close-on-exec: a child process (e.g. the CSP version probe) must not hold the browser's
        // pipe.
        const int frames = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (frames < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
            throw std::system_error(errno, std::generic_category(), "redirecting stdout");
        }
        return frames;
    }

} // namespace

int runNativeMessaging()
{
    // A browser that closed the port must give a write error, not kill us mid-reply.
    std::signal(SIGPIPE, SIG_IGN);
    const int framesFd = takeStdoutForFrames();
    protocol::FdReader input(STDIN_FILENO);
    protocol::FdWriter output(framesFd);

    Host host;
    protocol::Session session(input, output, host.dispatcher);
    devices::DeviceMonitor monitor(
        host.devices, [&session](devices::DeviceEvent event, const devices::Device& device) {
            session.sendEvent(
                protocol::makeEvent(eventName(event), { { "device", toJson(device) } }));
        });
    try {
        monitor.start();
    } catch (const std::exception& error) {
        // Requests still work (and report PCSC_UNAVAILABLE themselves); only events are lost.
        log::error(std::string("device monitor not started: ") + error.what());
    }
    log::info("native messaging session started");
    const int status = session.run();
    monitor.stop();
    log::info("native messaging session ended");
    ::close(framesFd);
    return status;
}

} // namespace tokenbridge::app
