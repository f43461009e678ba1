#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace tokenbridge::auth
{

// verify-auth's --at: ISO 8601 UTC with seconds, "2026-12-05T10:00:00Z" exactly (the form the
// host prints times in); nullopt for anything else.
std::optional<std::time_t> parseUtcTime(std::string_view text);

} // namespace tokenbridge::auth
