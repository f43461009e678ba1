#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::devices
{

struct ProcessOutput
{
    int exitStatus = -1; // the exit code, or -1 if a signal ended it
    std::string output; // stdout and stderr together, at most maxOutput bytes
};

// Runs `path args...` (posix_spawn, no shell, stdin from /dev/null) and collects its output.
// std::nullopt if it can't be started or runs past `timeout` (then it is killed).
std::optional<ProcessOutput> runProcess(const std::string& path,
    const std::vector<std::string>& args, std::chrono::milliseconds timeout,
    size_t maxOutput = 64 * 1024);

} // namespace tokenbridge::devices
