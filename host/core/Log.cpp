#include "Log.hpp"

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace tokenbridge::log
{

namespace
{

    struct LevelName
    {
        Level level;
        std::string_view name;
    };

    constexpr std::array<LevelName, 4> LEVEL_NAMES { {
        { Level::Error, "error" },
        { Level::Warn, "warn" },
        { Level::Info, "info" },
        { Level::Debug, "debug" },
    } };

    std::atomic<Level> currentLevel { Level::Warn };
    std::mutex outputMutex;

    std::string_view levelName(Level level)
    {
        for (const auto& entry : LEVEL_NAMES) {
            if (entry.level == level) {
                return entry.name;
            }
        }
        return "?";
    }

} // namespace

void setLevel(Level level)
{
    currentLevel = level;
}

void initFromEnvironment()
{
    const char* value = std::getenv("TOKENBRIDGE_LOG");
    if (value == nullptr) {
        return;
    }
    for (const auto& entry : LEVEL_NAMES) {
        if (entry.name == value) {
            setLevel(entry.level);
            return;
        }
    }
    write(Level::Warn, std::string("unknown TOKENBRIDGE_LOG value ignored: ") + value);
}

bool enabled(Level level)
{
    return level <= currentLevel.load();
}

void write(Level level, std::string_view message)
{
    if (!enabled(level)) {
        return;
    }
    const std::lock_guard lock(outputMutex);
    std::fprintf(stderr, "tokenbridge-host [%.*s] %.*s\n", int(levelName(level).size()),
        levelName(level).data(), int(message.size()), message.data());
    std::fflush(stderr);
}

} // namespace tokenbridge::log
