#pragma once

#include <chrono>
#include <condition_variable>
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

    // One PIN attempt of an origin, from before the PIN reaches the token until its verdict.
    // It holds one of the origin's `maxFailures` slots, so concurrent requests can never spend
    // more card tries than the limit allows. Ends as neither failure nor success unless told.
    class Attempt
    {
    public:
        Attempt(Attempt&& other) noexcept;
        Attempt& operator=(Attempt&&) = delete;
        Attempt(const Attempt&) = delete;
        Attempt& operator=(const Attempt&) = delete;
        ~Attempt();

        void failed(); // the token refused the PIN
        void succeeded(); // the token took it: the origin's earlier failures are forgiven

    private:
        friend class RateLimiter;
        Attempt(RateLimiter& limiter, std::string origin);
        void finish(int outcome) noexcept;

        RateLimiter* _limiter;
        std::string _origin;
    };

    RateLimiter(size_t maxFailures = 3, Clock::duration window = std::chrono::seconds(30),
        Now now = Clock::now);

    // Throws RetryableError(RATE_LIMITED) with {"retryAfterMs": N} while the origin is limited.
    void check(std::string_view origin);
    // check() and a reserved slot in one step: while other attempts of the origin are still
    // in flight and would, failing, reach the limit, it waits for them to end (so with one
    // slot left, attempts go to the token one by one). Throws like check().
    [[nodiscard]] Attempt begin(std::string_view origin);
    void recordFailure(std::string_view origin);
    // A correct PIN forgives the origin's earlier failures.
    void recordSuccess(std::string_view origin);

private:
    struct Record
    {
        std::deque<Clock::time_point> failures;
        size_t inFlight = 0;
    };

    void expire(std::deque<Clock::time_point>& failures, Clock::time_point now) const;
    // With the mutex held: throws RATE_LIMITED when the failures alone reach the limit.
    void throwIfLimited(Record& record, Clock::time_point now) const;
    void end(const std::string& origin, int outcome) noexcept;

    const size_t _maxFailures;
    const Clock::duration _window;
    const Now _now;
    std::mutex _mutex;
    std::condition_variable _ended;
    std::map<std::string, Record, std::less<>> _records;
};

} // namespace tokenbridge::security
