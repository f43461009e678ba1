#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace tokenbridge::security
{

// Limits wrong-PIN attempts per origin, so that a page can't burn a token's PIN retry counter
// (or guess) at machine speed: at most `maxFailures` failures in any `window`; beyond that
// the origin waits until the oldest failure leaves the window. Thread-safe.
class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    RateLimiter(size_t maxFailures = 3, Clock::duration window = std::chrono::seconds(30),
        Now now = Clock::now);

    // Throws RetryableError(RATE_LIMITED) with {"retryAfterMs": N} while the origin is limited.
    void check(std::string_view origin);
    void recordFailure(std::string_view origin);
    // A correct PIN forgives the origin's earlier failures.
    void recordSuccess(std::string_view origin);

private:
    void expire(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

    const size_t _maxFailures;
    const Clock::duration _window;
    const Now _now;
    std::mutex _mutex;
    std::map<std::string, std::deque<Clock::time_point>, std::less<>> _failures;
};

} // namespace tokenbridge::security
