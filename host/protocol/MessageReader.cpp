#include "MessageReader.hpp"

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
    }
}

} // namespace tokenbridge::protocol
