#include "ProcessRunner.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tokenbridge::devices
{

namespace
{

    class Fd
    {
    public:
        explicit Fd(int fd = -1) : _fd(fd) { }
        ~Fd() { reset(); }
        Fd(const Fd&) = delete;
        Fd& operator=(const Fd&) = delete;
        [[nodiscard]] int get() const { return _fd; }
        void reset()
        {
            if (_fd >= 0) {
                ::close(_fd);
                _fd = -1;
            }
        }

    private:
        int _fd;
    };

    struct FileActionsDeleter
    {
        void operator()(posix_spawn_file_actions_t* actions) const
        {
            posix_spawn_file_actions_destroy(actions);
            delete actions;
        }
    };
    using FileActions = std::unique_ptr<posix_spawn_file_actions_t, FileActionsDeleter>;

    FileActions makeFileActions(int writeEnd)
    {
        auto* raw = new posix_spawn_file_actions_t;
        if (posix_spawn_file_actions_init(raw) != 0) {
            delete raw;
            return nullptr;
        }
        FileActions actions(raw);
        if (posix_spawn_file_actions_addopen(raw, STDIN_FILENO, "/dev/null", O_RDONLY, 0) != 0
            || posix_spawn_file_actions_adddup2(raw, writeEnd, STDOUT_FILENO) != 0
            || posix_spawn_file_actions_adddup2(raw, writeEnd, STDERR_FILENO) != 0) {
            return nullptr;
        }
        return actions;
    }

    int waitFor(pid_t pid)
    {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    // Reads until EOF or the deadline; false on timeout.
    bool drain(int fd, std::string& output, size_t maxOutput,
        std::chrono::steady_clock::time_point deadline)
    {
        char buffer[4096];
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return false;
            }
            pollfd pfd { fd, POLLIN, 0 };
            const int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            if (ready <= 0) {
                return false;
            }
            const ssize_t got = ::read(fd, buffer, sizeof buffer);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                return true;
            }
            output.append(buffer,
                std::min(static_cast<size_t>(got), maxOutput - std::min(maxOutput, output.size())));
        }
    }

} // namespace

std::optional<ProcessOutput> runProcess(const std::string& path,
    const std::vector<std::string>& args, std::chrono::milliseconds timeout, size_t maxOutput)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return std::nullopt;
    }
    Fd readEnd(fds[0]);
    Fd writeEnd(fds[1]);
    const auto actions = makeFileActions(writeEnd.get());
    if (!actions) {
        return std::nullopt;
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(path.c_str()));
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, path.c_str(), actions.get(), nullptr, argv.data(), environ) != 0) {
        return std::nullopt;
    }
    writeEnd.reset(); // so EOF arrives when the child exits
    ProcessOutput result;
    const bool finished =
        drain(readEnd.get(), result.output, maxOutput, std::chrono::steady_clock::now() + timeout);
    if (!finished) {
        ::kill(pid, SIGKILL);
        waitFor(pid);
        return std::nullopt;
    }
    result.exitStatus = waitFor(pid);
    return result;
}

} // namespace tokenbridge::devices
