#pragma once

#include "WorkerPool.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace tokenbridge::protocol
{

// Runs tasks on a WorkerPool so that tasks with the same key (one token) run one after the other
// in the order they were submitted, while tasks with other keys or none run in parallel. A key's
// waiting tasks do not occupy workers: the worker that finishes one task of a key runs the next,
// so a long operation on one token holds one worker and never delays the others' requests.
class KeyedScheduler
{
public:
    KeyedScheduler(WorkerPool& pool, size_t maxWaiting);
    KeyedScheduler(const KeyedScheduler&) = delete;
    KeyedScheduler& operator=(const KeyedScheduler&) = delete;

    // An empty key: no ordering. False when the pool's queue or the key's waiting list is full
    // (the caller answers BUSY); the task is then dropped.
    bool submit(const std::string& key, std::function<void()> task);

private:
    // Runs `first`, then the key's queued tasks until none is left (on the same worker).
    void runChain(const std::string& key, std::function<void()> first);

    WorkerPool& _pool;
    const size_t _maxWaiting;
    std::mutex _mutex;
    // A key is present while one of its tasks runs or waits for a worker; the deque holds the
    // tasks submitted behind it.
    std::map<std::string, std::deque<std::function<void()>>> _chains;
    size_t _waiting = 0;
};

} // namespace tokenbridge::protocol
