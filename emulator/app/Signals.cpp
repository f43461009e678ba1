#include "Signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

namespace tokenbridge::vtoken
{

namespace
{

    int writeEnd = -1;

    void onSignal(int number)
    {
        const int saved = errno;
        const char byte = static_cast<char>(number);
        [[maybe_unused]] const auto n = ::write(writeEnd, &byte, 1);
        errno = saved;
    }

} // namespace

Signals::Signals()
{
    if (::pipe2(_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    writeEnd = _pipe[1];
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int number : { SIGUSR1, SIGUSR2, SIGTERM, SIGINT }) {
        sigaction(number, &action, nullptr);
    }
    signal(SIGPIPE, SIG_IGN);
}

Signals::~Signals()
{
    for (int number : { SIGUSR1, SIGUSR2, SIGTERM, SIGINT }) {
        signal(number, SIG_DFL);
    }
    writeEnd = -1;
    ::close(_pipe[0]);
    ::close(_pipe[1]);
}

std::vector<Signal> Signals::wait(int timeoutMs) const
{
    pollfd p { _pipe[0], POLLIN, 0 };
    int ready;
    do {
        ready = ::poll(&p, 1, timeoutMs);
    } while (ready < 0 && errno == EINTR);
    std::vector<Signal> out;
    char buffer[64];
    ssize_t n;
    while ((n = ::read(_pipe[0], buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; ++i) {
            switch (buffer[i]) {
            case SIGUSR1:
                out.push_back(Signal::Remove);
                break;
            case SIGUSR2:
                out.push_back(Signal::Insert);
                break;
            default:
                out.push_back(Signal::Stop);
            }
        }
    }
    return out;
}

} // namespace tokenbridge::vtoken
