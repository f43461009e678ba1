#include "VerifyTime.hpp"

#include "crypto/Time.hpp"

#include <cstdio>
#include <string>

namespace tokenbridge::auth
{

std::optional<std::time_t> parseUtcTime(std::string_view text)
{
    constexpr std::size_t LENGTH = 20; // YYYY-MM-DDTHH:MM:SSZ
    if (text.size() != LENGTH) {
        return std::nullopt;
    }
    const std::string copy(text);
    std::tm fields {};
    char zone = 0;
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &fields.tm_year, &fields.tm_mon,
            &fields.tm_mday, &fields.tm_hour, &fields.tm_min, &fields.tm_sec, &zone)
        != 7) {
        return std::nullopt;
    }
    fields.tm_year -= 1900;
    fields.tm_mon -= 1;
    const std::time_t when = timegm(&fields);
    // The round trip refuses what timegm normalized (2026-02-30, 25:00) and signs or spaces
    // that sscanf let through.
    if (zone != 'Z' || when == static_cast<std::time_t>(-1) || crypto::toIsoTime(when) != copy) {
        return std::nullopt;
    }
    return when;
}

} // namespace tokenbridge::auth
