#include "pcsc/StatusWords.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::pcsc;

TEST(StatusWords, ExactEntries)
{
    EXPECT_EQ(statusWordText(0x9000), "success");
    EXPECT_EQ(statusWordText(0x6A82), "file not found");
    EXPECT_EQ(statusWordText(0x6983), "authentication method blocked");
    EXPECT_EQ(statusWordText(0x6D00), "instruction not supported");
}

TEST(StatusWords, FamiliesByMask)
{
    EXPECT_EQ(statusWordText(0x63C3), "verification failed, counter in the low nibble");
    EXPECT_EQ(statusWordText(0x6110), "more response bytes available");
    EXPECT_EQ(statusWordText(0x6C05), "wrong Le, exact length in SW2");
    // An exact entry wins over its family.
    EXPECT_EQ(statusWordText(0x6A88), "referenced data not found");
    EXPECT_EQ(statusWordText(0x6A87), "wrong parameters");
    EXPECT_EQ(statusWordText(0x1234), "unknown status word");
}

TEST(StatusWords, Format)
{
    EXPECT_EQ(formatStatusWord(0x6A82), "6A82 (file not found)");
    EXPECT_EQ(formatStatusWord(0x0001), "0001 (unknown status word)");
}

TEST(StatusWords, RetryCounter)
{
    EXPECT_TRUE(isRetryCounter(0x63C0));
    EXPECT_TRUE(isRetryCounter(0x63CA));
    EXPECT_FALSE(isRetryCounter(0x6300));
    EXPECT_FALSE(isRetryCounter(0x6983));
    EXPECT_EQ(retryCount(0x63C9), 9);
    EXPECT_EQ(retryCount(0x63C0), 0);
}

TEST(StatusWords, CardErrorCarriesTheStatusWord)
{
    try {
        throwCardError("SELECT 3F00", 0x6A82);
    } catch (const tokenbridge::Error& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::CARD_ERROR);
        EXPECT_STREQ(error.what(), "SELECT 3F00: 6A82 (file not found)");
        EXPECT_EQ(error.details().at("sw"), "6A82");
        return;
    }
    FAIL() << "throwCardError returned";
}
