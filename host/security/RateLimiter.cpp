#include "RateLimiter.hpp"

#include "core/Error.hpp"

#include <utility>

namespace tokenbridge::security
{

namespace
{

    enum Outcome { UNDECIDED, FAILED, SUCCEEDED };

} // namespace

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

void RateLimiter::throwIfLimited(Record& record, Clock::time_point now) const
{
    expire(record.failures, now);
    if (record.failures.size() < _maxFailures) {
        return;
    }
    // Limited until enough failures have left the window to go below the maximum.
    const auto& freeing = record.failures[record.failures.size() - _maxFailures];
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(freeing + _window - now);
    throw RetryableError(ErrorCode::RATE_LIMITED,
        "too many wrong PIN attempts from this site; try again later",
        { { "retryAfterMs", wait.count() } });
}

void RateLimiter::check(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    const auto it = _records.find(origin);
    if (it == _records.end()) {
        return;
    }
    throwIfLimited(it->second, _now());
    if (it->second.failures.empty() && it->second.inFlight == 0) {
        _records.erase(it);
    }
}

RateLimiter::Attempt RateLimiter::begin(std::string_view origin)
{
    std::unique_lock lock(_mutex);
    for (;;) {
        // Looked up again after every wait: an entry whose attempts all ended may be gone.
        auto it = _records.find(origin);
        if (it == _records.end()) {
            it = _records.emplace(std::string(origin), Record {}).first;
        }
        auto& record = it->second;
        throwIfLimited(record, _now());
        if (record.failures.size() + record.inFlight < _maxFailures) {
            ++record.inFlight;
            return Attempt(*this, it->first);
        }
        _ended.wait(lock);
    }
}

void RateLimiter::recordFailure(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    auto it = _records.find(origin);
    if (it == _records.end()) {
        it = _records.emplace(std::string(origin), Record {}).first;
    }
    const auto now = _now();
    expire(it->second.failures, now);
    it->second.failures.push_back(now);
}

void RateLimiter::recordSuccess(std::string_view origin)
{
    const std::lock_guard lock(_mutex);
    if (const auto it = _records.find(origin); it != _records.end()) {
        if (it->second.inFlight == 0) {
            _records.erase(it);
        } else {
            it->second.failures.clear();
        }
    }
    _ended.notify_all();
}

void RateLimiter::end(const std::string& origin, int outcome) noexcept
{
    {
        const std::lock_guard lock(_mutex);
        const auto it = _records.find(origin);
        if (it == _records.end()) {
            return; // unreachable: an entry with an attempt in flight stays
        }
        auto& record = it->second;
        --record.inFlight;
        if (outcome == FAILED) {
            const auto now = _now();
            expire(record.failures, now);
            record.failures.push_back(now);
        } else if (outcome == SUCCEEDED) {
            record.failures.clear();
        }
        if (record.failures.empty() && record.inFlight == 0) {
            _records.erase(it);
        }
    }
    _ended.notify_all();
}

RateLimiter::Attempt::Attempt(RateLimiter& limiter, std::string origin) :
    _limiter(&limiter), _origin(std::move(origin))
{
}

RateLimiter::Attempt::Attempt(Attempt&& other) noexcept :
    _limiter(std::exchange(other._limiter, nullptr)), _origin(std::move(other._origin))
{
}

RateLimiter::Attempt::~Attempt()
{
    finish(UNDECIDED);
}

void RateLimiter::Attempt::failed()
{
    finish(FAILED);
}

void RateLimiter::Attempt::succeeded()
{
    finish(SUCCEEDED);
}

void RateLimiter::Attempt::finish(int outcome) noexcept
{
    if (_limiter != nullptr) {
        std::exchange(_limiter, nullptr)->end(_origin, outcome);
    }
}

} // namespace tokenbridge::security
