#include "FrameDecoder.hpp"

#include <cstring>

#include <string.h>

namespace tokenbridge::protocol
{

void FrameDecoder::feed(std::span<const uint8_t> bytes)
{
    if (_state == State::Closed) {
        return;
    }
    // Skipped bytes are dropped as they arrive so an oversize frame is never buffered.
    if (_state == State::Skip && available() == 0) {
        const auto dropped = std::min<uint64_t>(_skipLeft, bytes.size());
        _skipLeft -= dropped;
        bytes = bytes.subspan(static_cast<size_t>(dropped));
        if (_skipLeft == 0) {
            _state = State::Header;
        }
    }
    // Room for ordinary messages up front: each reallocation would free a copy of what was
    // buffered (a PIN among it) without wiping it.
    if (_buffer.capacity() < INITIAL_CAPACITY) {
        _buffer.reserve(INITIAL_CAPACITY);
    }
    _buffer.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::optional<FrameEvent> FrameDecoder::next()
{
    for (;;) {
        switch (_state) {
        case State::Closed:
            return std::nullopt;
        case State::Skip: {
            const auto dropped = std::min<uint64_t>(_skipLeft, available());
            _position += static_cast<size_t>(dropped);
            _skipLeft -= dropped;
            if (_skipLeft > 0) {
                compact();
                return std::nullopt;
            }
            _state = State::Header;
            continue;
        }
        case State::Header: {
            if (available() < FRAME_HEADER_SIZE) {
                compact();
                return std::nullopt;
            }
            const auto* p = reinterpret_cast<const uint8_t*>(_buffer.data() + _position);
            const uint32_t size = uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16)
                | (uint32_t(p[3]) << 24);
            _position += FRAME_HEADER_SIZE;
            if (size > _limits.maxSkipSize) {
                _state = State::Closed;
                explicit_bzero(_buffer.data(), _buffer.size());
                _buffer.clear();
                _position = 0;
                return FrameEvent { FrameEvent::Kind::Unrecoverable, {}, size };
            }
            if (size > _limits.maxMessageSize) {
                _state = State::Skip;
                _skipLeft = size;
                return FrameEvent { FrameEvent::Kind::TooLarge, {}, size };
            }
            _state = State::Body;
            _bodySize = size;
            continue;
        }
        case State::Body: {
            if (available() < _bodySize) {
                compact();
                return std::nullopt;
            }
            FrameEvent event { FrameEvent::Kind::Message, _buffer.substr(_position, _bodySize),
                _bodySize };
            // The message now lives in the event only (the session wipes it after parsing).
            explicit_bzero(_buffer.data() + _position, _bodySize);
            _position += _bodySize;
            _state = State::Header;
            compact();
            return event;
        }
        }
    }
}

bool FrameDecoder::midFrame() const
{
    switch (_state) {
    case State::Header:
        return available() > 0;
    case State::Body:
    case State::Skip:
        return true;
    case State::Closed:
        return false;
    }
    return false;
}

void FrameDecoder::compact()
{
    // Drop consumed bytes once they dominate the buffer: amortized O(1) per byte.
    // Moved by hand so that no stale copy of the moved bytes stays behind the new end.
    if (_position > 0 && _position * 2 >= _buffer.size()) {
        const size_t remaining = _buffer.size() - _position;
        std::memmove(_buffer.data(), _buffer.data() + _position, remaining);
        explicit_bzero(_buffer.data() + remaining, _position);
        _buffer.resize(remaining);
        _position = 0;
    }
}

} // namespace tokenbridge::protocol
