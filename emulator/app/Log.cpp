#include "Log.hpp"

#include <ctime>
#include <stdexcept>

#include <sys/time.h>
#include <unistd.h>

namespace tokenbridge::vtoken
{

Log::Log(const std::string& path) : _out(stderr), _owned(false)
{
    if (!path.empty()) {
        _out = std::fopen(path.c_str(), "a");
        if (_out == nullptr) {
            throw std::runtime_error("cannot open log file " + path);
        }
        _owned = true;
    }
}

Log::~Log()
{
    if (_owned) {
        std::fclose(_out);
    }
}

void Log::line(const std::string& text)
{
    timeval now {};
    gettimeofday(&now, nullptr);
    tm local {};
    localtime_r(&now.tv_sec, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", &local);
    std::fprintf(_out, "%s.%03ld vtoken[%d] %s\n", stamp, static_cast<long>(now.tv_usec / 1000),
        static_cast<int>(getpid()), text.c_str());
    std::fflush(_out);
}

} // namespace tokenbridge::vtoken
