#pragma once

#include <array>
#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace tokenbridge::app
{

// All of `in`, or nullopt once it passes `limit` bytes (the rest is not read): the command
// line's bound on what it takes from standard input or a file.
inline std::optional<std::string> readAtMost(std::istream& in, std::size_t limit)
{
    std::string text;
    std::array<char, 65536> chunk {};
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit) {
            return std::nullopt;
        }
    }
    return text;
}

} // namespace tokenbridge::app
