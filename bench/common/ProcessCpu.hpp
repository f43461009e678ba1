// CPU time a process (all its threads) has used so far, from /proc/PID/task/*/schedstat
// (nanoseconds). The benchmarks take a virtual token's CPU time as the card's own work: vtoken
// does nothing else while it answers an APDU.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/types.h>

namespace tokenbridge::bench
{

// Milliseconds of CPU; -1 when the process or schedstat is not readable.
inline double processCpuMs(pid_t pid)
{
    const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
    std::error_code error;
    double totalNs = 0;
    bool any = false;
    for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
        std::ifstream stat(task.path() / "schedstat");
        double ns = 0;
        if (stat >> ns) {
            totalNs += ns;
            any = true;
        }
    }
    return any ? totalNs / 1e6 : -1;
}

} // namespace tokenbridge::bench
