#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tokenbridge::protocol
{

inline constexpr size_t FRAME_HEADER_SIZE = 4;
// Browser -> host: Chrome allows up to 64 MiB, but no command needs more than this.
inline constexpr uint32_t DEFAULT_MAX_REQUEST_SIZE = 8U * 1024 * 1024;
// A declared length above this is not a big request but a desynchronized or hostile stream.
inline constexpr uint32_t DEFAULT_MAX_SKIP_SIZE = 256U * 1024 * 1024;

struct FrameLimits
{
    uint32_t maxMessageSize = DEFAULT_MAX_REQUEST_SIZE;
    uint32_t maxSkipSize = DEFAULT_MAX_SKIP_SIZE;
};

struct FrameEvent
{
    enum class Kind {
        Message, // payload holds one complete message
        TooLarge, // declaredSize > maxMessageSize; its bytes are skipped, the stream stays in sync
        Unrecoverable, // declaredSize > maxSkipSize; the decoder is closed for good
    };
    Kind kind = Kind::Message;
    std::string payload;
    uint32_t declaredSize = 0;
};

// Native messaging framing (4-byte little-endian length + payload) as a pure state machine: no
// I/O, any split of the input gives the same events. The fuzz target drives exactly this class.
class FrameDecoder
{
public:
    explicit FrameDecoder(FrameLimits limits = {}) : _limits(limits) { }

    void feed(std::span<const uint8_t> bytes);
    // The next complete event, or nothing until more bytes are fed.
    std::optional<FrameEvent> next();
    // True when bytes of an unfinished frame (header, body or skipped body) were consumed.
    [[nodiscard]] bool midFrame() const;
    [[nodiscard]] bool closed() const { return _state == State::Closed; }
    [[nodiscard]] const FrameLimits& limits() const { return _limits; }

private:
    enum class State { Header, Body, Skip, Closed };

    [[nodiscard]] size_t available() const { return _buffer.size() - _position; }
    void compact();

    FrameLimits _limits;
    State _state = State::Header;
    static constexpr size_t INITIAL_CAPACITY = 64 * 1024;
    std::string _buffer;
    size_t _position = 0;
    uint32_t _bodySize = 0;
    uint64_t _skipLeft = 0;
};

} // namespace tokenbridge::protocol
