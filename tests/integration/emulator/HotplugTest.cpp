// Removal and reinsertion through vtoken's signals, as SCardGetStatusChange reports them.
#include "PcscSupport.hpp"

#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::test;

TEST(Hotplug, RemoveAndReinsertBySignal)
{
    Context context;
    const std::string reader = env("VTOKEN_0_READER");
    const auto pid = static_cast<pid_t>(envInt("VTOKEN_0_PID"));
    const auto atr = context.waitFor(reader, true);
    ASSERT_TRUE(atr);
    ASSERT_EQ(::kill(pid, SIGUSR1), 0);
    EXPECT_TRUE(context.waitFor(reader, false, 3000)) << "removal seen";
    if (envInt("VTOKEN_COUNT") > 1) {
        EXPECT_TRUE(context.waitFor(env("VTOKEN_1_READER"), true, 100)) << "the other stays";
    }
    ASSERT_EQ(::kill(pid, SIGUSR2), 0);
    const auto again = context.waitFor(reader, true, 3000);
    ASSERT_TRUE(again) << "reinsertion seen";
    EXPECT_EQ(*again, *atr);
    Connection card(context, reader);
    EXPECT_EQ(card.sw("00CA018100"), 0x9000);
}

TEST(Hotplug, RemovalEndsTheSession)
{
    Context context;
    const std::string reader = env("VTOKEN_0_READER");
    const auto pid = static_cast<pid_t>(envInt("VTOKEN_0_PID"));
    {
        Connection card(context, reader);
        ASSERT_EQ(card.sw("00200002083132333435363738"), 0x9000);
        ASSERT_EQ(card.sw("00200002"), 0x9000);
    }
    ::kill(pid, SIGUSR1);
    ASSERT_TRUE(context.waitFor(reader, false, 3000));
    ::kill(pid, SIGUSR2);
    ASSERT_TRUE(context.waitFor(reader, true, 3000));
    Connection card(context, reader);
    EXPECT_EQ(card.sw("00200002"), 0x63CA) << "PIN state gone, counter full";
}

TEST(Hotplug, PulledMidCommand)
{
    TempDir state;
    const std::string port = env("VTOKEN_SPARE_0_PORT");
    const std::string reader = env("VTOKEN_SPARE_0_READER");
    VtokenProcess token({ "--model", "rutoken-ecp-2.0-2100", "--state", state.path(), "--port",
        port, "--apdu-delay-ms", "1500" });
    Context context;
    ASSERT_TRUE(context.waitFor(reader, true));
    Connection card(context, reader);
    auto pending = std::async(std::launch::async, [&card]() -> std::string {
        try {
            return "answered " + toHexUpper(card.transmit(fromHex("00CA018100")));
        } catch (const Error& error) {
            return std::string(errorCodeName(error.code()));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    token.signal(SIGUSR1);
    // vpcd 0.8 reports a pulled card as success with an empty response (not a status word):
    // host/pcsc takes that for a removal.
    EXPECT_EQ(pending.get(), "TOKEN_REMOVED");
    EXPECT_TRUE(context.waitFor(reader, false, 3000));
    EXPECT_EQ(token.stop(), 0);
}
