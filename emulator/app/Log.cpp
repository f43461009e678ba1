#include "Log.hpp"

#include <ctime>
#include <stdexcept>

#include <sys/time.h>
#include <unistd.h>

namespace tokenbridge::vtoken
{

Log::Log(const std::string& path) : out_(stderr), owned_(false)
{
    if (!path.empty()) {
        out_ = std::fopen(path.c_str(), "a");
        if (out_ == nullptr) {
            throw std::runtime_error("cannot open log file " + path);
        }
        owned_ = true;
    }
}

Log::~Log()
{
    if (owned_) {
        std::fclose(out_);
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
    std::fprintf(out_, "%s.%03ld vtoken[%d] %s\n", stamp, static_cast<long>(now.tv_usec / 1000),
        static_cast<int>(getpid()), text.c_str());
    std::fflush(out_);
}

} // namespace tokenbridge::vtoken
