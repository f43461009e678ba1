#pragma once

#include "ByteStream.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace tokenbridge::protocol
{

// Host -> browser: both Chrome and Firefox kill the port on a message of 1 MiB or more.
inline constexpr uint32_t DEFAULT_MAX_REPLY_SIZE = 1024U * 1024 - 1;

std::string encodeFrame(std::string_view payload);

// The one writer of framed messages; worker threads and the device monitor share it.
class MessageWriter
{
public:
    explicit MessageWriter(ByteWriter& output) : _output(output) { }

    // Writes one frame atomically with respect to other writers. After a write error (the
    // browser went away) every later write is dropped and false is returned.
    bool write(std::string_view payload);
    [[nodiscard]] bool broken() const;

private:
    ByteWriter& _output;
    mutable std::mutex _mutex;
    bool _broken = false;
};

} // namespace tokenbridge::protocol
