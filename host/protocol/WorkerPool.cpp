#include "WorkerPool.hpp"

#include "core/Log.hpp"

#include <exception>

namespace tokenbridge::protocol
{

WorkerPool::WorkerPool(size_t threads, size_t maxQueued) : _maxQueued(maxQueued)
{
    for (size_t i = 0; i < threads; ++i) {
        _threads.emplace_back([this] { work(); });
    }
}

WorkerPool::~WorkerPool()
{
    {
        const std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    for (auto& thread : _threads) {
        thread.join();
    }
}

bool WorkerPool::submit(std::function<void()> task)
{
    {
        const std::lock_guard lock(_mutex);
        if (_queue.size() >= _maxQueued) {
            return false;
        }
        _queue.push_back(std::move(task));
    }
    _wake.notify_one();
    return true;
}

void WorkerPool::drain()
{
    std::unique_lock lock(_mutex);
    _idle.wait(lock, [this] { return _queue.empty() && _running == 0; });
}

void WorkerPool::work()
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(_mutex);
            _wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_queue.empty()) {
                return; // stopping and nothing left
            }
            task = std::move(_queue.front());
            _queue.pop_front();
            ++_running;
        }
        try {
            task();
        } catch (const std::exception& error) {
            // Tasks answer their own errors; reaching here is a bug, but the host keeps serving.
            log::error(std::string("worker task failed: ") + error.what());
        } catch (...) {
            log::error("worker task failed");
        }
        {
            const std::lock_guard lock(_mutex);
            --_running;
            if (_queue.empty() && _running == 0) {
                _idle.notify_all();
            }
        }
    }
}

} // namespace tokenbridge::protocol
