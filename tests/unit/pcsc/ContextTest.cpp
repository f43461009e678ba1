#include "FakePcsc.hpp"
#include "pcsc/Context.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>
using namespace tokenbridge;
using namespace tokenbridge::pcsc;

class ContextTest : public testing::Test
{
protected:
    void SetUp() override { test::reset(); }
};

TEST_F(ContextTest, NoServiceIsPcscUnavailable)
{
    test::state().establishResult = SCARD_E_NO_SERVICE;
    try {
        Context context;
        FAIL() << "no exception";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::PCSC_UNAVAILABLE);
    }
}

TEST_F(ContextTest, NoReadersIsAnEmptyList)
{
    test::state().listResult = SCARD_E_NO_READERS_AVAILABLE;
    Context context;
    EXPECT_TRUE(context.readerNames().empty());
    EXPECT_TRUE(context.listReaders().empty());
}

TEST_F(ContextTest, ListsReadersWithAtrAndEventCount)
{
    test::state().readers = {
        { .name = "Virtual PCD 00 00",
            .eventState = SCARD_STATE_PRESENT | (3u << 16),
            .atr = { 0x3B, 0x8B, 0x01 } },
        { .name = "Virtual PCD 00 01", .eventState = SCARD_STATE_EMPTY | (6u << 16) },
        { .name = "Mute", .eventState = SCARD_STATE_PRESENT | SCARD_STATE_MUTE },
    };
    Context context;
    EXPECT_EQ(context.readerNames(),
        (std::vector<std::string> { "Virtual PCD 00 00", "Virtual PCD 00 01", "Mute" }));
    const auto readers = context.listReaders();
    ASSERT_EQ(readers.size(), 3u);
    EXPECT_TRUE(readers[0].cardPresent);
    EXPECT_EQ(readers[0].atr, (Bytes { 0x3B, 0x8B, 0x01 }));
    EXPECT_EQ(readers[0].eventCount, 3);
    EXPECT_FALSE(readers[1].cardPresent);
    EXPECT_TRUE(readers[1].atr.empty());
    EXPECT_EQ(readers[1].eventCount, 6);
    EXPECT_TRUE(readers[2].mute);
}

TEST_F(ContextTest, ReleasesOnDestruction)
{
    {
        Context context;
        EXPECT_EQ(test::state().established, 1);
    }
    EXPECT_EQ(test::state().released, 1);
}
