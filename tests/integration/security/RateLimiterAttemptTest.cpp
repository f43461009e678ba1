// RateLimiter::begin/Attempt: the per-origin limit holds under concurrent requests, which
// check() + recordFailure() cannot guarantee (docs/security.md, "Rate limits").
#include "core/Error.hpp"
#include "security/RateLimiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

using tokenbridge::security::RateLimiter;
using namespace std::chrono_literals;

namespace
{

const std::string ORIGIN = "https://portal.example";

bool limited(RateLimiter& limiter)
{
    try {
        auto attempt = limiter.begin(ORIGIN);
        return false;
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::RATE_LIMITED);
        return true;
    }
}

} // namespace

// Eight wrong PINs sent at once, each taking a while on the token: only three reach it.
TEST(RateLimiterAttempt, concurrentWrongPinsNeverSpendMoreTriesThanTheLimit)
{
    RateLimiter limiter(3, 30s);
    std::atomic<int> reachedToken { 0 };
    std::atomic<int> refused { 0 };
    std::vector<std::thread> pages;
    for (int i = 0; i < 8; ++i) {
        pages.emplace_back([&] {
            try {
                auto attempt = limiter.begin(ORIGIN);
                ++reachedToken;
                std::this_thread::sleep_for(20ms); // VERIFY on the card
                attempt.failed();
            } catch (const tokenbridge::RetryableError&) {
                ++refused;
            }
        });
    }
    for (auto& page : pages) {
        page.join();
    }
    EXPECT_EQ(reachedToken.load(), 3);
    EXPECT_EQ(refused.load(), 5);
    EXPECT_TRUE(limited(limiter));
}

TEST(RateLimiterAttempt, anAttemptWithoutVerdictCostsNothing)
{
    RateLimiter limiter(1, 30s);
    for (int i = 0; i < 5; ++i) {
        auto attempt = limiter.begin(ORIGIN); // e.g. DEVICE_NOT_FOUND before any VERIFY
    }
    EXPECT_FALSE(limited(limiter));
}

TEST(RateLimiterAttempt, aRightPinForgivesEarlierFailures)
{
    RateLimiter limiter(3, 30s);
    limiter.begin(ORIGIN).failed();
    limiter.begin(ORIGIN).failed();
    limiter.begin(ORIGIN).succeeded();
    for (int i = 0; i < 3; ++i) {
        limiter.begin(ORIGIN).failed();
    }
    EXPECT_TRUE(limited(limiter));
}

TEST(RateLimiterAttempt, otherOriginsAreNotLimited)
{
    RateLimiter limiter(2, 30s);
    limiter.begin(ORIGIN).failed();
    limiter.begin(ORIGIN).failed();
    EXPECT_TRUE(limited(limiter));
    EXPECT_NO_THROW(limiter.begin("https://other.example").failed());
}

TEST(RateLimiterAttempt, theLimitLiftsWhenFailuresLeaveTheWindow)
{
    RateLimiter::Clock::time_point now {};
    RateLimiter limiter(2, 30s, [&now] { return now; });
    limiter.begin(ORIGIN).failed();
    now += 10s;
    limiter.begin(ORIGIN).failed();
    EXPECT_TRUE(limited(limiter));
    now += 20s; // the first failure leaves the window
    EXPECT_FALSE(limited(limiter));
}

// With one slot left, a second attempt waits for the first: a right PIN lets it through, a
// wrong one turns it into RATE_LIMITED without it reaching the token.
TEST(RateLimiterAttempt, withOneSlotLeftAttemptsGoOneByOne)
{
    for (const bool firstSucceeds : { true, false }) {
        RateLimiter limiter(3, 30s);
        limiter.begin(ORIGIN).failed();
        limiter.begin(ORIGIN).failed();
        std::optional<RateLimiter::Attempt> first(limiter.begin(ORIGIN));
        std::atomic<int> second { 0 }; // 1 reached the token, 2 refused
        std::thread waiter([&] {
            try {
                auto attempt = limiter.begin(ORIGIN);
                second = 1;
            } catch (const tokenbridge::RetryableError&) {
                second = 2;
            }
        });
        std::this_thread::sleep_for(50ms);
        EXPECT_EQ(second.load(), 0) << "the second attempt must wait for the first";
        if (firstSucceeds) {
            first->succeeded();
        } else {
            first->failed();
        }
        waiter.join();
        EXPECT_EQ(second.load(), firstSucceeds ? 1 : 2);
    }
}
