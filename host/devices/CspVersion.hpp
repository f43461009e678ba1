#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tokenbridge::devices
{

struct CspVersion
{
    int major = 0;
    int minor = 0;
    int build = 0;
    auto operator<=>(const CspVersion&) const = default;
};

// The version in `cpconfig -ver` output, e.g. "... Release Ver:5.0.12000 OS:Linux ...": the
// number after "Ver:" if present, else the first a.b.c in the text.
std::optional<CspVersion> parseCspVersion(std::string_view cpconfigOutput);

// The compatibility.md CSP profile of an installed version: 4.x -> 4.0-R4; 5.0 before build
// 12000 -> 5.0-11455; 12000..12999 -> 5.0-R2; 13000 and later, or any newer version -> 5.0-R3.
// Older than 4.0: std::nullopt (not in the matrix).
std::optional<std::string> cspProfileFor(const CspVersion& version);

} // namespace tokenbridge::devices
