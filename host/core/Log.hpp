#pragma once

#include <string_view>

namespace tokenbridge::log
{

enum class Level { Error, Warn, Info, Debug };

// Level from TOKENBRIDGE_LOG ("error", "warn", "info", "debug"; default "warn"). Logs go to
// stderr only: stdout belongs to native messaging frames. Never pass a PIN or key here.
void setLevel(Level level);
void initFromEnvironment();
[[nodiscard]] bool enabled(Level level);
void write(Level level, std::string_view message);

inline void error(std::string_view message)
{
    write(Level::Error, message);
}
inline void warn(std::string_view message)
{
    write(Level::Warn, message);
}
inline void info(std::string_view message)
{
    write(Level::Info, message);
}
inline void debug(std::string_view message)
{
    write(Level::Debug, message);
}

} // namespace tokenbridge::log
