// DeviceMonitor on a real pcscd: removal and insertion of started tokens, a token appearing in a
// free reader, stop(), and pcscd restarting under it.
#include "VirtualTokens.hpp"
#include "devices/DeviceMonitor.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <mutex>

using namespace tokenbridge;
using namespace tokenbridge::devices;
using tokenbridge::devices::test::virtualTokens;
using tokenbridge::devices::test::waitFor;

namespace
{

const Environment R3_LINUX { "5.0-R3", "config", "linux" };

class EventLog
{
public:
    DeviceMonitor::Callback callback()
    {
        return [this](DeviceEvent event, const Device& device) {
            std::lock_guard guard(_mutex);
            _events.emplace_back(event, device);
        };
    }
    std::optional<Device> find(DeviceEvent event, const std::function<bool(const Device&)>& match)
    {
        std::lock_guard guard(_mutex);
        for (const auto& [seen, device] : _events) {
            if (seen == event && match(device)) {
                return device;
            }
        }
        return std::nullopt;
    }
    bool has(DeviceEvent event, const std::string& id)
    {
        return find(event, [&](const Device& device) { return device.id == id; }).has_value();
    }
    size_t size()
    {
        std::lock_guard guard(_mutex);
        return _events.size();
    }

private:
    std::mutex _mutex;
    std::vector<std::pair<DeviceEvent, Device>> _events;
};

// "" if the reader is empty or pcscd does not answer.
std::string idIn(DeviceService& service, const std::string& reader)
{
    try {
        for (const auto& device : service.listDevices()) {
            if (device.reader == reader) {
                return device.id;
            }
        }
    } catch (const tokenbridge::RetryableError&) {
    }
    return "";
}

} // namespace

TEST(Monitor, ReportsRemovalAndReinsertion)
{
    const auto tokens = virtualTokens();
    ASSERT_GE(tokens.size(), 2u);
    DeviceService service(R3_LINUX);
    const auto pulledId = idIn(service, tokens[0].reader);
    const auto otherId = idIn(service, tokens[1].reader);
    ASSERT_FALSE(pulledId.empty());
    ASSERT_FALSE(otherId.empty());

    EventLog log;
    DeviceMonitor monitor(service, log.callback());
    monitor.start();
    EXPECT_EQ(log.size(), 0u) << "tokens present at start are not events";

    test::pull(tokens[0]);
    ASSERT_TRUE(waitFor([&] { return log.has(DeviceEvent::Removed, pulledId); }));
    const auto removed = log.find(DeviceEvent::Removed, [](const Device&) { return true; });
    EXPECT_EQ(removed->reader, tokens[0].reader);
    EXPECT_EQ(removed->identification.modelId, tokens[0].model) << "the last known device";

    test::plugBack(tokens[0]);
    ASSERT_TRUE(waitFor([&] { return log.has(DeviceEvent::Inserted, pulledId); }));
    EXPECT_FALSE(log.has(DeviceEvent::Removed, otherId));
    EXPECT_FALSE(log.has(DeviceEvent::Inserted, otherId));
    EXPECT_EQ(log.size(), 2u);
    monitor.stop();
}

TEST(Monitor, ReportsATokenPluggedIntoAFreeReader)
{
    DeviceService service(R3_LINUX);
    EventLog log;
    DeviceMonitor monitor(service, log.callback());
    monitor.start();
    test::SpawnedToken fresh("rutoken-ecp-2.0-3000");
    const auto inReader = [&](const Device& device) { return device.reader == fresh.reader(); };
    ASSERT_TRUE(waitFor([&] { return log.find(DeviceEvent::Inserted, inReader).has_value(); }));
    const auto inserted = *log.find(DeviceEvent::Inserted, inReader);
    EXPECT_EQ(inserted.identification.modelId, "rutoken-ecp-2.0-3000");
    fresh.stop();
    ASSERT_TRUE(waitFor([&] { return log.has(DeviceEvent::Removed, inserted.id); }));
}

TEST(Monitor, StopsPromptlyAndReportsNothingAfterwards)
{
    const auto tokens = virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    EventLog log;
    DeviceMonitor monitor(service, log.callback());
    monitor.start();
    const auto before = std::chrono::steady_clock::now();
    monitor.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(1500));
    test::pull(tokens[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    EXPECT_EQ(log.size(), 0u);
    test::plugBack(tokens[0]);
}

// Kills the script's pcscd, checks the service reports PCSC_UNAVAILABLE, starts a pcscd with
// the same reader configuration and checks the monitor sees changes again.
TEST(MonitorRestart, SurvivesPcscdRestart)
{
    const auto tokens = virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    const auto id = idIn(service, tokens[0].reader);
    ASSERT_FALSE(id.empty());
    EventLog log;
    DeviceMonitor monitor(service, log.callback());
    monitor.start();

    pid_t oldPcscd = 0;
    std::ifstream("/run/pcscd/pcscd.pid") >> oldPcscd;
    ASSERT_GT(oldPcscd, 0);
    ASSERT_EQ(kill(oldPcscd, SIGTERM), 0);
    ASSERT_TRUE(waitFor([&] { return kill(oldPcscd, 0) != 0; }));
    try {
        service.listDevices();
        ADD_FAILURE() << "listing worked without pcscd";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::PCSC_UNAVAILABLE);
    }

    // A monitor started while pcscd is away reports the tokens it finds once pcscd is back.
    EventLog lateLog;
    DeviceMonitor lateMonitor(service, lateLog.callback());
    lateMonitor.start();

    // Ours goes with the test (the script only stops the pcscd it started).
    const char* confRoot = std::getenv("VTOKEN_PCSC_CONF");
    const auto conf = std::string(confRoot ? confRoot : "/tmp/tokenbridge-vpcd") + "/conf";
    test::ChildProcess pcscd({ "pcscd", "-f", "-c", conf });
    ASSERT_TRUE(pcscd.running());
    const bool back =
        waitFor([&] { return idIn(service, tokens[0].reader) == id; }, std::chrono::seconds(15));
    EXPECT_TRUE(back) << "the token did not come back after the restart";
    if (back) {
        EXPECT_TRUE(waitFor([&] { return lateLog.has(DeviceEvent::Inserted, id); }));
        test::pull(tokens[0]);
        EXPECT_TRUE(waitFor([&] { return log.has(DeviceEvent::Removed, id); }));
        test::plugBack(tokens[0]);
        EXPECT_TRUE(waitFor([&] { return log.has(DeviceEvent::Inserted, id); }));
    }
    monitor.stop();
    lateMonitor.stop();
}
