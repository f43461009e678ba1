#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace tokenbridge::devices
{

// A ticket lock: waiters get the lock in the order they asked for it (std::mutex promises no
// order), so operations on one token run in arrival order. BasicLockable.
class FifoMutex
{
public:
    void lock()
    {
        std::unique_lock guard(_mutex);
        const auto ticket = _next++;
        _turn.wait(guard, [&] { return _serving == ticket; });
    }
    void unlock()
    {
        {
            std::lock_guard guard(_mutex);
            ++_serving;
        }
        _turn.notify_all();
    }

private:
    std::mutex _mutex;
    std::condition_variable _turn;
    uint64_t _next = 0;
    uint64_t _serving = 0;
};

} // namespace tokenbridge::devices
