#include "ProcessHardening.hpp"

#include <cerrno>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace tokenbridge::security
{

namespace
{

    std::string failure(const char* what)
    {
        return std::string(what) + " failed: " + std::strerror(errno);
    }

} // namespace

std::string hardenProcess()
{
    std::string problems;
    const rlimit noCore { 0, 0 };
    if (::setrlimit(RLIMIT_CORE, &noCore) != 0) {
        problems = failure("setrlimit(RLIMIT_CORE, 0)");
    }
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        problems += (problems.empty() ? "" : "; ") + failure("prctl(PR_SET_DUMPABLE, 0)");
    }
    return problems;
}

} // namespace tokenbridge::security
