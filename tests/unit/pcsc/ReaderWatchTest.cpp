// DeviceMonitor's reader states over the fake: more states than one SCardGetStatusChange takes,
// changes in any group, hot-plug through the PnP pseudo reader.
#include "FakePcsc.hpp"
#include "devices/ReaderWatch.hpp"

#include <gtest/gtest.h>

using tokenbridge::devices::ReaderWatch;

namespace
{

std::vector<std::string> addReaders(int count)
{
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) {
        names.push_back("Reader " + std::to_string(i));
        fake_pcsc::state().readers.push_back(
            { .name = names.back(), .eventState = SCARD_STATE_EMPTY | (1u << 16) });
    }
    return names;
}

class ReaderWatchTest : public testing::Test
{
protected:
    void SetUp() override { fake_pcsc::reset(); }
};

} // namespace

TEST_F(ReaderWatchTest, SixteenReadersAndPnpAreWatchedInGroups)
{
    ReaderWatch watch;
    watch.refresh(addReaders(16)); // 17 states: more than one call may take
    EXPECT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS); // the first look: everything is news
    EXPECT_FALSE(watch.acknowledge()) << "the PnP entry's first report is not a hot-plug";
    // The second group has the first one's states still unacknowledged: wait reports those.
    while (watch.wait(1, 200) == SCARD_S_SUCCESS) {
        EXPECT_FALSE(watch.acknowledge());
    }
    EXPECT_EQ(watch.wait(1, 200), SCARD_E_TIMEOUT);

    // A card in the last reader, which sits in the second group.
    fake_pcsc::state().readers[15].eventState = SCARD_STATE_PRESENT | (2u << 16);
    EXPECT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(1, 200), SCARD_E_TIMEOUT);
}

TEST_F(ReaderWatchTest, ReaderHotPlugIsReported)
{
    ReaderWatch watch;
    watch.refresh(addReaders(2));
    ASSERT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(1, 200), SCARD_E_TIMEOUT);
    fake_pcsc::state().readers.push_back({ .name = "New", .eventState = SCARD_STATE_EMPTY });
    ASSERT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_TRUE(watch.acknowledge());
    // Refreshing keeps what was acknowledged: only the new reader is news.
    watch.refresh({ "Reader 0", "Reader 1", "New" });
    ASSERT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    EXPECT_EQ(watch.wait(1, 200), SCARD_E_TIMEOUT);
}

TEST_F(ReaderWatchTest, VanishedReaderIsAHotPlug)
{
    ReaderWatch watch;
    watch.refresh(addReaders(2));
    ASSERT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_FALSE(watch.acknowledge());
    fake_pcsc::state().readers.pop_back();
    ASSERT_EQ(watch.wait(1, 200), SCARD_S_SUCCESS);
    EXPECT_TRUE(watch.acknowledge());
}
