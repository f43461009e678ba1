#include "KeyedScheduler.hpp"

#include "core/Log.hpp"

#include <exception>

namespace tokenbridge::protocol
{

namespace
{

    // A task that throws must not end its key's chain (the tasks behind it would never run).
    void runGuarded(const std::function<void()>& task) noexcept
    {
        try {
            task();
        } catch (const std::exception& error) {
            log::error(std::string("worker task failed: ") + error.what());
        } catch (...) {
            log::error("worker task failed");
        }
    }

} // namespace

KeyedScheduler::KeyedScheduler(WorkerPool& pool, size_t maxWaiting) :
    _pool(pool), _maxWaiting(maxWaiting)
{
}

bool KeyedScheduler::submit(const std::string& key, std::function<void()> task)
{
    if (key.empty()) {
        return _pool.submit(std::move(task));
    }
    std::lock_guard guard(_mutex);
    const auto chain = _chains.find(key);
    if (chain != _chains.end()) {
        if (_waiting >= _maxWaiting) {
            return false;
        }
        chain->second.push_back(std::move(task));
        ++_waiting;
        return true;
    }
    // Submitted under the lock, so a task behind it can't start a second chain for the key.
    _chains.emplace(key, std::deque<std::function<void()>> {});
    const bool accepted = _pool.submit(
        [this, key, first = std::move(task)]() mutable { runChain(key, std::move(first)); });
    if (!accepted) {
        _chains.erase(key);
    }
    return accepted;
}

void KeyedScheduler::runChain(const std::string& key, std::function<void()> first)
{
    auto task = std::move(first);
    for (;;) {
        runGuarded(task);
        std::lock_guard guard(_mutex);
        auto& queued = _chains.at(key);
        if (queued.empty()) {
            _chains.erase(key);
            return;
        }
        task = std::move(queued.front());
        queued.pop_front();
        --_waiting;
    }
}

} // namespace tokenbridge::protocol
