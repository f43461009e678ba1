#pragma once

#include <vector>

namespace tokenbridge::vtoken
{

enum class Signal { Remove, Insert, Stop };

// SIGUSR1 / SIGUSR2 / SIGTERM+SIGINT delivered through a self-pipe, so the main loop can poll()
// them together with the vpcd socket.
class Signals
{
public:
    Signals();
    ~Signals();
    Signals(const Signals&) = delete;
    Signals& operator=(const Signals&) = delete;

    int fd() const { return _pipe[0]; }
    // Waits up to timeoutMs (-1: forever, 0: just look) and returns what arrived.
    std::vector<Signal> wait(int timeoutMs) const;

private:
    int _pipe[2] = { -1, -1 };
};

} // namespace tokenbridge::vtoken
