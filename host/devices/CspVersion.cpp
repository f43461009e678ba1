#include "CspVersion.hpp"

#include <regex>

namespace tokenbridge::devices
{

namespace
{

    struct ProfileStart
    {
        CspVersion from;
        std::string_view profile;
    };

    // Ascending; a version takes the last profile starting at or below it. 5.0 R1 (10003) has no
    // column of its own: 11455 is its nearest reading. R2 is build 12000, R3 build 13000.
    constexpr ProfileStart PROFILE_STARTS[] = {
        { { 4, 0, 0 }, "4.0-R4" },
        { { 5, 0, 0 }, "5.0-11455" },
        { { 5, 0, 12000 }, "5.0-R2" },
        { { 5, 0, 13000 }, "5.0-R3" },
    };

    std::optional<CspVersion> firstMatch(const std::string& text, const std::regex& pattern)
    {
        std::smatch match;
        if (!std::regex_search(text, match, pattern)) {
            return std::nullopt;
        }
        try {
            return CspVersion { std::stoi(match[1]), std::stoi(match[2]), std::stoi(match[3]) };
        } catch (const std::out_of_range&) {
            return std::nullopt;
        }
    }

} // namespace

std::optional<CspVersion> parseCspVersion(std::string_view cpconfigOutput)
{
    static const std::regex AFTER_VER(R"(Ver:\s*(\d{1,4})\.(\d{1,4})\.(\d{1,6}))");
    static const std::regex ANY_VERSION(R"((\d{1,4})\.(\d{1,4})\.(\d{1,6}))");
    const std::string text(cpconfigOutput.substr(0, 4096));
    if (auto version = firstMatch(text, AFTER_VER)) {
        return version;
    }
    return firstMatch(text, ANY_VERSION);
}

std::optional<std::string> cspProfileFor(const CspVersion& version)
{
    std::optional<std::string> profile;
    for (const auto& start : PROFILE_STARTS) {
        if (version >= start.from) {
            profile = std::string(start.profile);
        }
    }
    return profile;
}

} // namespace tokenbridge::devices
