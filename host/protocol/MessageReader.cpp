#include "MessageReader.hpp"

#include <string.h>

namespace tokenbridge::protocol
{

std::optional<FrameEvent> MessageReader::next()
{
    for (;;) {
        if (auto event = _decoder.next()) {
            return event;
        }
        if (_decoder.closed()) {
            return std::nullopt;
        }
        const size_t n = _input.read(_chunk);
        if (n == 0) {
            _midFrameAtEof = _decoder.midFrame();
            return std::nullopt;
        }
        _decoder.feed(std::span<const uint8_t>(_chunk.data(), n));
        // The decoder holds its own copy; the read buffer must not keep a PIN around.
        explicit_bzero(_chunk.data(), n);
    }
}

} // namespace tokenbridge::protocol
