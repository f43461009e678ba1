// Two or more tokens at once, each its own card; and the APDU round trip stays fast (pitfall
// P3: without TCP_QUICKACK every APDU costs ~44 ms).
#include "PcscSupport.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::test;

TEST(MultiToken, CardsAreIndependent)
{
    ASSERT_GE(envInt("VTOKEN_COUNT"), 2);
    Context context;
    Connection first(context, env("VTOKEN_0_READER"));
    Connection second(context, env("VTOKEN_1_READER"));
    const Bytes info0 = first.transmit(fromHex("00CA018100"));
    const Bytes info1 = second.transmit(fromHex("00CA018100"));
    EXPECT_NE(info0, info1) << "different models or at least different serials";
    EXPECT_EQ(first.sw("002000020830303030303030"), 0x6700);
    EXPECT_EQ(first.sw("00200002083030303030303030"), 0x63C9);
    EXPECT_EQ(second.sw("00200002"), 0x63CA) << "the other token's counter is its own";
    EXPECT_EQ(second.sw("00200002083132333435363738"), 0x9000);
    EXPECT_EQ(first.sw("00200002"), 0x63C9);
    EXPECT_EQ(first.sw("00200002083132333435363738"), 0x9000);
}

TEST(MultiToken, ParallelTraffic)
{
    const int count = envInt("VTOKEN_COUNT");
    std::vector<std::thread> threads;
    std::vector<int> failures(static_cast<size_t>(count), 0);
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([i, &failures] {
            Context context;
            Connection card(context, env("VTOKEN_" + std::to_string(i) + "_READER"));
            for (int n = 0; n < 100; ++n) {
                const Bytes r = card.transmit(fromHex("0084000010"));
                failures[static_cast<size_t>(i)] += (r.size() != 18 || statusOf(r) != 0x9000);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (int i = 0; i < count; ++i) {
        EXPECT_EQ(failures[static_cast<size_t>(i)], 0) << "token " << i;
    }
}

TEST(MultiToken, ApduRoundTripIsFast)
{
    Context context;
    Connection card(context, env("VTOKEN_0_READER"));
    std::vector<double> ms;
    for (int n = 0; n < 200; ++n) {
        const auto start = std::chrono::steady_clock::now();
        ASSERT_EQ(card.sw("0084000008"), 0x9000);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    EXPECT_LT(ms[ms.size() / 2], 5.0) << "median APDU time in ms";
}
