#include "RateLimiter.hpp"

#include "protocol/Error.hpp"

namespace tokenbridge::security
{

RateLimiter::RateLimiter(size_t maxFailures, Clock::duration window, Now now) :
    _maxFailures(maxFailures), _window(window), _now(std::move(now))
{
}

void RateLimiter::expire(std::deque<Clock::time_point>& failures, Clock::time_point now) const
{
    while (!failures.empty() && now - failures.front() >= _window) {
        failures.pop_front();
    }
}

void RateLimiter::check(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    const auto it = _failures.find(origin);
    if (it == _failures.end()) {
        return;
    }
    const auto now = _now();
    expire(it->second, now);
    if (it->second.size() < _maxFailures) {
        if (it->second.empty()) {
            _failures.erase(it);
        }
        return;
    }
    // Limited until enough failures have left the window to go below the maximum.
    const auto& freeing = it->second[it->second.size() - _maxFailures];
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(freeing + _window - now);
    throw RetryableError(protocol::ErrorCode::RATE_LIMITED,
        "too many wrong PIN attempts from this site; try again later",
        { { "retryAfterMs", wait.count() } });
}

void RateLimiter::recordFailure(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    auto it = _failures.find(origin);
    if (it == _failures.end()) {
        it = _failures.emplace(std::string(origin), std::deque<Clock::time_point> {}).first;
    }
    const auto now = _now();
    expire(it->second, now);
    it->second.push_back(now);
}

void RateLimiter::recordSuccess(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    if (const auto it = _failures.find(origin); it != _failures.end()) {
        _failures.erase(it);
    }
}

} // namespace tokenbridge::security
