#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tokenbridge::protocol
{

// Fixed threads and a bounded queue, so one slow command never holds up the others.
class WorkerPool
{
public:
    WorkerPool(size_t threads, size_t maxQueued);
    ~WorkerPool(); // runs what is queued, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full (the caller answers BUSY).
    bool submit(std::function<void()> task);
    // Blocks until the queue is empty and no task runs.
    void drain();

private:
    void work();

    const size_t _maxQueued;
    std::mutex _mutex;
    std::condition_variable _wake;
    std::condition_variable _idle;
    std::deque<std::function<void()>> _queue;
    size_t _running = 0;
    bool _stopping = false;
    std::vector<std::thread> _threads;
};

} // namespace tokenbridge::protocol
