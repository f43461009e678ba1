#include "protocol/WorkerPool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

using namespace tokenbridge;
using namespace tokenbridge::protocol;

TEST(WorkerPool, refusesWorkBeyondTheQueueLimit)
{
    std::promise<void> started;
    std::promise<void> release;
    auto releaseFuture = release.get_future().share();
    std::atomic<int> done { 0 };
    {
        WorkerPool pool(1, 1);
        ASSERT_TRUE(pool.submit([&] {
            started.set_value();
            releaseFuture.wait();
            ++done;
        }));
        started.get_future().wait(); // the only worker is busy now
        EXPECT_TRUE(pool.submit([&] { ++done; })); // queued
        EXPECT_FALSE(pool.submit([&] { ++done; })); // queue full: BUSY
        release.set_value();
        pool.drain();
        EXPECT_EQ(done, 2);
        EXPECT_TRUE(pool.submit([&] { ++done; }));
    }
    EXPECT_EQ(done, 3); // the destructor runs what was queued
}

TEST(WorkerPool, aThrowingTaskDoesNotKillTheWorker)
{
    WorkerPool pool(1, 4);
    std::atomic<bool> ran { false };
    ASSERT_TRUE(pool.submit([] { throw std::runtime_error("boom"); }));
    ASSERT_TRUE(pool.submit([&] { ran = true; }));
    pool.drain();
    EXPECT_TRUE(ran);
}
