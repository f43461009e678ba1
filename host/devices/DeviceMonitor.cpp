#include "DeviceMonitor.hpp"

#include "pcsc/Context.hpp"
#include "pcsc/ReaderWatch.hpp"
#include "pcsc/ScardError.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

namespace tokenbridge::devices
{

namespace
{

    using namespace std::chrono_literals;

    // A bound on each wait, so a stop() that lands between two waits is still seen promptly.
    constexpr DWORD WAIT_MS = 1000;
    constexpr auto BACKOFF_FIRST = 100ms;
    constexpr auto BACKOFF_MAX = 3s;
    constexpr auto START_WAIT = 5s;

    // The monitor has no caller to throw to: problems go to stderr (no log library below
    // protocol/).
    void logLine(const std::string& message) noexcept
    {
        std::fprintf(stderr, "tokenbridge: device monitor: %s\n", message.c_str());
    }

} // namespace

struct DeviceMonitor::Impl
{
    DeviceService& service;
    Callback callback;
    std::thread thread;

    std::mutex mutex; // guards the three below
    std::condition_variable wake;
    bool firstAttemptDone = false; // start() returns after it
    bool stopping = false;
    std::shared_ptr<pcsc::Context> context; // the one the thread waits on, for SCardCancel

    std::map<std::string, Device> known; // by reader; the monitor thread's only
    bool haveBaseline = false;

    Impl(DeviceService& deviceService, Callback eventCallback) :
        service(deviceService), callback(std::move(eventCallback))
    {
    }

    void markFirstAttemptDone()
    {
        {
            std::lock_guard guard(mutex);
            firstAttemptDone = true;
        }
        wake.notify_all();
    }

    bool stopRequested()
    {
        std::lock_guard guard(mutex);
        return stopping;
    }

    void emit(DeviceEvent event, const Device& device) noexcept
    {
        try {
            callback(event, device);
        } catch (const std::exception& error) {
            logLine(std::string("event callback failed: ") + error.what());
        } catch (...) {
            logLine("event callback failed");
        }
    }

    // Lists the tokens and reports what differs from the last known state. The first time
    // only records it: the client asks listDevices for the tokens present at start.
    void reconcile()
    {
        std::map<std::string, Device> current;
        for (auto& device : service.listDevices()) {
            current.emplace(device.reader, std::move(device));
        }
        if (haveBaseline) {
            for (const auto& [reader, device] : known) {
                const auto now = current.find(reader);
                if (now == current.end() || now->second.id != device.id) {
                    emit(DeviceEvent::Removed, device);
                }
            }
            for (const auto& [reader, device] : current) {
                const auto before = known.find(reader);
                if (before == known.end() || before->second.id != device.id) {
                    emit(DeviceEvent::Inserted, device);
                }
            }
        }
        known = std::move(current);
        haveBaseline = true;
    }

    // pcscd went away (or never answered): no token is reachable any more, so each known one
    // is reported removed; whatever is found when pcscd is back is reported inserted.
    void forgetAll()
    {
        if (stopRequested()) {
            return;
        }
        for (const auto& [reader, device] : known) {
            emit(DeviceEvent::Removed, device);
        }
        known.clear();
    }

    // One pcscd connection: returns when pcscd goes away or stop() is called.
    void watch(const std::shared_ptr<pcsc::Context>& ctx)
    {
        pcsc::ReaderWatch watchList;
        watchList.refresh(ctx->readerNames());
        reconcile();
        markFirstAttemptDone();
        while (!stopRequested()) {
            const LONG rv = watchList.wait(*ctx, WAIT_MS);
            if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) {
                continue;
            }
            if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_NO_READERS_AVAILABLE) {
                watchList.refresh(ctx->readerNames());
                reconcile();
                continue;
            }
            if (rv != SCARD_S_SUCCESS) {
                logLine("lost pcscd: " + pcsc::describeScardError(rv));
                return;
            }
            if (watchList.acknowledge()) {
                watchList.refresh(ctx->readerNames());
            }
            reconcile();
        }
    }

    void setContext(std::shared_ptr<pcsc::Context> ctx)
    {
        std::lock_guard guard(mutex);
        context = std::move(ctx);
    }

    // Waits, unless stop() comes first; false if it did.
    bool pause(std::chrono::milliseconds delay)
    {
        std::unique_lock guard(mutex);
        return !wake.wait_for(guard, delay, [&] { return stopping; });
    }

    void run() noexcept
    {
        auto backoff = std::chrono::milliseconds(BACKOFF_FIRST);
        bool outageLogged = false; // one line per pcscd outage, not one per retry
        while (!stopRequested()) {
            bool connected = false;
            bool failed = true;
            try {
                auto ctx = std::make_shared<pcsc::Context>();
                setContext(ctx);
                connected = true;
                if (outageLogged) {
                    logLine("pcscd is back");
                    outageLogged = false;
                }
                watch(ctx);
                failed = false; // pcscd went away, or stop()
            } catch (const std::exception& error) {
                if (!outageLogged) {
                    logLine(error.what());
                    outageLogged = !connected;
                }
            } catch (...) {
                logLine("unexpected failure");
            }
            setContext(nullptr);
            forgetAll();
            markFirstAttemptDone();
            // Without pcscd at start nothing was present: tokens seen later are news.
            haveBaseline = true;
            // pcscd restarting: try again soon after a session that ended normally, then slower
            // and slower (also when something keeps failing, so as not to spin).
            backoff = connected && !failed
                ? std::chrono::milliseconds(BACKOFF_FIRST)
                : std::min<std::chrono::milliseconds>(backoff * 2, BACKOFF_MAX);
            if (!pause(backoff)) {
                break;
            }
        }
    }
};

DeviceMonitor::DeviceMonitor(DeviceService& service, Callback callback) :
    _impl(std::make_unique<Impl>(service, std::move(callback)))
{
}

DeviceMonitor::~DeviceMonitor()
{
    stop();
}

void DeviceMonitor::start()
{
    if (_impl->thread.joinable()) {
        return;
    }
    {
        std::lock_guard guard(_impl->mutex);
        _impl->stopping = false;
        _impl->firstAttemptDone = false;
    }
    _impl->thread = std::thread([impl = _impl.get()] { impl->run(); });
    std::unique_lock guard(_impl->mutex);
    _impl->wake.wait_for(guard, START_WAIT, [&] { return _impl->firstAttemptDone; });
}

void DeviceMonitor::stop() noexcept
{
    {
        std::lock_guard guard(_impl->mutex);
        _impl->stopping = true;
        if (_impl->context) {
            _impl->context->cancel();
        }
    }
    _impl->wake.notify_all();
    if (_impl->thread.joinable() && _impl->thread.get_id() != std::this_thread::get_id()) {
        _impl->thread.join();
    }
}

} // namespace tokenbridge::devices
