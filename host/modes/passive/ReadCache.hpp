#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace tokenbridge::modes::passive
{

// One request's copies of the token files it read that need no PIN (the container directory and
// the public parts), so that finding a key and then signing with it reads them once (issue 18).
// Owned by the request's KeyRouter and emptied when it lets go of the card (another application
// may write then); TokenFiles drops a file's copy when it writes, creates or deletes the file.
struct ReadCache
{
    // (the DF's path from the MF, the EF's id) -> its content
    std::map<std::pair<std::vector<std::uint16_t>, std::uint16_t>, Bytes> files;
};

} // namespace tokenbridge::modes::passive
