#include "core/Error.hpp"
#include "security/RateLimiter.hpp"

#include <gtest/gtest.h>

using tokenbridge::security::RateLimiter;
using namespace std::chrono_literals;

namespace
{

struct FakeClock
{
    RateLimiter::Clock::time_point now {};
};

long retryAfter(RateLimiter& limiter, const std::string& origin)
{
    try {
        limiter.check(origin);
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::RATE_LIMITED);
        return error.details()["retryAfterMs"].get<long>();
    }
    return 0;
}

} // namespace

TEST(RateLimiter, limitsAnOriginAfterTooManyFailures)
{
    FakeClock clock;
    RateLimiter limiter(3, 30s, [&clock] { return clock.now; });
    const std::string a = "https://a.ru";
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(retryAfter(limiter, a), 0);
        limiter.recordFailure(a);
        clock.now += 1s;
    }
    // Failures at 0, 1, 2 s; now 3 s: the first leaves the window at 30 s.
    EXPECT_EQ(retryAfter(limiter, a), 27000);
    EXPECT_EQ(retryAfter(limiter, "https://b.ru"), 0); // other origins are unaffected
    clock.now += 27s;
    EXPECT_EQ(retryAfter(limiter, a), 0);
}

TEST(RateLimiter, successForgivesEarlierFailures)
{
    FakeClock clock;
    RateLimiter limiter(2, 10s, [&clock] { return clock.now; });
    limiter.recordFailure("o");
    limiter.recordFailure("o");
    EXPECT_GT(retryAfter(limiter, "o"), 0);
    limiter.recordSuccess("o");
    EXPECT_EQ(retryAfter(limiter, "o"), 0);
}
