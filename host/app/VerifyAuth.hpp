#pragma once

#include <span>

namespace tokenbridge::app
{

// `tokenbridge-host verify-auth ...`: a portal's check of an authentication token
// (docs/authentication.md). Prints one JSON line; EXIT_OK valid, EXIT_FAILED not valid; bad
// arguments and unreadable files throw RequestError(INVALID_PARAMS) (EXIT_USAGE).
int verifyAuthCommand(std::span<char* const> args);

} // namespace tokenbridge::app
