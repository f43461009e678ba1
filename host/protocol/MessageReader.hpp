#pragma once

#include "ByteStream.hpp"
#include "FrameDecoder.hpp"

#include <array>
#include <optional>

namespace tokenbridge::protocol
{

// Pulls framing events out of a byte stream. Returns nothing at end of stream; midFrameAtEof()
// then tells whether the peer stopped inside a frame.
class MessageReader
{
public:
    MessageReader(ByteReader& input, FrameLimits limits = {}) : _input(input), _decoder(limits) { }

    std::optional<FrameEvent> next();
    [[nodiscard]] bool midFrameAtEof() const { return _midFrameAtEof; }

private:
    ByteReader& _input;
    FrameDecoder _decoder;
    std::array<uint8_t, 64 * 1024> _chunk {};
    bool _midFrameAtEof = false;
};

} // namespace tokenbridge::protocol
