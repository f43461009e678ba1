// pcsc::ReaderWatch over the fake: more states than one SCardGetStatusChange takes, changes in any
// group, hot-plug through the PnP pseudo reader (DeviceMonitor's use); waitForCards (vtoken-wait's
// and the emulator tests' use). The fake never blocks: a wait with nothing new returns at once.
#include "FakePcsc.hpp"
#include "pcsc/ReaderWatch.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::pcsc;
using namespace std::chrono_literals;

namespace
{

std::vector<std::string> addReaders(int count)
{
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) {
        names.push_back("Reader " + std::to_string(i));
        test::state().readers.push_back(
            { .name = names.back(), .eventState = SCARD_STATE_EMPTY | (1u << 16) });
    }
    return names;
}

void insertCard(size_t reader, Bytes atr)
{
    std::lock_guard guard(test::lock());
    test::state().readers[reader].eventState = SCARD_STATE_PRESENT | (2u << 16);
    test::state().readers[reader].atr = std::move(atr);
}

class ReaderWatchTest : public testing::Test
{
protected:
    void SetUp() override { test::reset(); }
};

} // namespace

TEST_F(ReaderWatchTest, SixteenReadersAndPnpAreWatchedInGroups)
{
    Context context;
    ReaderWatch watch;
    watch.refresh(addReaders(16)); // 17 states: more than one call may take
    EXPECT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS); // the first look: everything is news
    EXPECT_FALSE(watch.acknowledge()) << "the PnP entry's first report is not a hot-plug";
    // The second group has the first one's states still unacknowledged: wait reports those.
    while (watch.wait(context, 200) == SCARD_S_SUCCESS) {
        EXPECT_FALSE(watch.acknowledge());
    }
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT);

    // A card in the last reader, which sits in the second group.
    insertCard(15, { 0x3B, 0x01 });
    EXPECT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT);
    const auto readers = watch.readers();
    ASSERT_EQ(readers.size(), 16u) << "the PnP entry is not a reader";
    EXPECT_EQ(readers[15].name, "Reader 15");
    EXPECT_TRUE(readers[15].cardPresent);
    EXPECT_EQ(readers[15].atr, (Bytes { 0x3B, 0x01 }));
    EXPECT_FALSE(readers[0].cardPresent);
}

TEST_F(ReaderWatchTest, ReaderHotPlugIsReported)
{
    Context context;
    ReaderWatch watch;
    watch.refresh(addReaders(2));
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT);
    test::state().readers.push_back({ .name = "New", .eventState = SCARD_STATE_EMPTY });
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_TRUE(watch.acknowledge());
    // Refreshing keeps what was acknowledged: only the new reader is news.
    watch.refresh({ "Reader 0", "Reader 1", "New" });
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT);
}

TEST_F(ReaderWatchTest, VanishedReaderIsAHotPlug)
{
    Context context;
    ReaderWatch watch;
    watch.refresh(addReaders(2));
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    test::state().readers.pop_back();
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_TRUE(watch.acknowledge());
}

TEST_F(ReaderWatchTest, WithoutHotplugOnlyTheReadersAreWatched)
{
    Context context;
    ReaderWatch watch(ReaderWatch::Hotplug::Ignored);
    watch.refresh(addReaders(16)); // 16 states: one call, no PnP entry
    ASSERT_EQ(watch.wait(context, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT) << "all 16 were in the first call";
    test::state().readers.push_back({ .name = "New", .eventState = SCARD_STATE_EMPTY });
    EXPECT_EQ(watch.wait(context, 200), SCARD_E_TIMEOUT) << "a new reader is no news";
    EXPECT_EQ(watch.readers().size(), 16u);
}

TEST_F(ReaderWatchTest, WaitForCardsReturnsTheAtrs)
{
    addReaders(2);
    insertCard(0, { 0x3B, 0x8B });
    insertCard(1, { 0x3B, 0x9C });
    Context context;
    const auto readers =
        waitForCards(context, { "Reader 1", "Reader 0" }, CardPresence::Present, 1s);
    ASSERT_TRUE(readers);
    ASSERT_EQ(readers->size(), 2u);
    EXPECT_EQ((*readers)[0].name, "Reader 1") << "in the order asked";
    EXPECT_EQ((*readers)[0].atr, (Bytes { 0x3B, 0x9C }));
    EXPECT_EQ((*readers)[1].atr, (Bytes { 0x3B, 0x8B }));
    EXPECT_FALSE(waitForCards(context, { "Reader 0" }, CardPresence::Absent, 50ms));
}

TEST_F(ReaderWatchTest, WaitForCardsSeesACardArrive)
{
    addReaders(1);
    Context context;
    EXPECT_FALSE(waitForCards(context, { "Reader 0" }, CardPresence::Present, 50ms));
    EXPECT_TRUE(waitForCards(context, { "Reader 0" }, CardPresence::Absent, 50ms));
    std::thread inserter([] {
        std::this_thread::sleep_for(50ms);
        insertCard(0, { 0x3B, 0x01 });
    });
    const auto readers = waitForCards(context, { "Reader 0" }, CardPresence::Present, 5s);
    inserter.join();
    ASSERT_TRUE(readers);
    EXPECT_EQ(readers->front().atr, (Bytes { 0x3B, 0x01 }));
}

TEST_F(ReaderWatchTest, WaitForCardsTakesAMuteOrUnknownReaderAsEmpty)
{
    test::state().readers.push_back(
        { .name = "Mute", .eventState = SCARD_STATE_PRESENT | SCARD_STATE_MUTE });
    Context context;
    EXPECT_FALSE(waitForCards(context, { "Mute" }, CardPresence::Present, 50ms));
    EXPECT_TRUE(waitForCards(context, { "Mute", "Unknown" }, CardPresence::Absent, 50ms));
}

TEST_F(ReaderWatchTest, WaitForCardsWaitsForAReaderPcscdHasNotAddedYet)
{
    addReaders(1);
    insertCard(0, { 0x3B, 0x01 });
    test::state().statusChangeResults = { SCARD_E_UNKNOWN_READER, SCARD_E_NO_READERS_AVAILABLE };
    Context context;
    EXPECT_TRUE(waitForCards(context, { "Reader 0" }, CardPresence::Present, 5s));
    EXPECT_TRUE(test::state().statusChangeResults.empty());
}

TEST_F(ReaderWatchTest, WaitForCardsThrowsWhenPcscdGoes)
{
    addReaders(1);
    test::state().statusChangeResults = { SCARD_E_NO_SERVICE };
    Context context;
    try {
        (void)waitForCards(context, { "Reader 0" }, CardPresence::Present, 5s);
        FAIL() << "no exception";
    } catch (const RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::PCSC_UNAVAILABLE);
    }
}

TEST_F(ReaderWatchTest, WaitForNoReadersIsDoneAtOnce)
{
    Context context;
    const auto readers = waitForCards(context, {}, CardPresence::Present, 5s);
    ASSERT_TRUE(readers);
    EXPECT_TRUE(readers->empty());
}
