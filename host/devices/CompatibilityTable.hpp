#pragma once

#include "Compatibility.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tokenbridge::devices
{

// docs/compatibility.md compiled in: the host reads no data file at run time.

using Platforms = uint8_t; // bit set over PLATFORM_NAMES
inline constexpr std::string_view PLATFORM_NAMES[] = { "windows", "linux", "macos", "android",
    "ios", "aurora" };
inline constexpr std::string_view CSP_PROFILES[] = { "4.0-R4", "5.0-11455", "5.0-R2", "5.0-R3" };

inline constexpr Platforms platformBit(size_t index)
{
    return static_cast<Platforms>(1u << index);
}
inline constexpr Platforms WINDOWS = platformBit(0), LINUX = platformBit(1), MACOS = platformBit(2),
                           ANDROID = platformBit(3), IOS = platformBit(4), AURORA = platformBit(5);
inline constexpr Platforms ALL_PLATFORMS = WINDOWS | LINUX | MACOS | ANDROID | IOS | AURORA;
inline constexpr Platforms PCS = WINDOWS | LINUX | MACOS;
// Footnote 1: "does not work on Android and iOS"; footnote 2: "not supported on Aurora OS".
inline constexpr Platforms FOOTNOTE_1 = ALL_PLATFORMS & ~(ANDROID | IOS);
inline constexpr Platforms FOOTNOTE_2 = ALL_PLATFORMS & ~AURORA;

struct ModeOn
{
    Mode mode;
    Platforms platforms = ALL_PLATFORMS; // where the mode works (footnotes narrow it)
};

// The modes of one model for one CSP profile, on `platforms` over `connection` (any if unset).
struct CompatCell
{
    std::optional<Connection> connection;
    Platforms platforms;
    std::string_view csp;
    std::vector<ModeOn> modes;
};

struct CompatModel
{
    std::string_view id;
    std::string_view name;
    std::vector<CompatCell> cells; // a (csp, platform, connection) absent here: not supported
};

const std::vector<CompatModel>& compatibilityTable();

std::optional<Platforms> platformByName(std::string_view name);
std::optional<std::string_view> modelIdByName(std::string_view name);
std::optional<std::string_view> modelDisplayName(std::string_view modelId);

} // namespace tokenbridge::devices
