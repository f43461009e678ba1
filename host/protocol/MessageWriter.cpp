#include "MessageWriter.hpp"

#include "core/Log.hpp"

#include <exception>

namespace tokenbridge::protocol
{

std::string encodeFrame(std::string_view payload)
{
    const auto size = static_cast<uint32_t>(payload.size());
    std::string frame;
    frame.reserve(4 + payload.size());
    for (int shift = 0; shift < 32; shift += 8) {
        frame.push_back(static_cast<char>((size >> shift) & 0xFF));
    }
    frame.append(payload);
    return frame;
}

bool MessageWriter::write(std::string_view payload)
{
    const std::string frame = encodeFrame(payload);
    const std::lock_guard lock(_mutex);
    if (_broken) {
        return false;
    }
    try {
        _output.write(std::span(reinterpret_cast<const uint8_t*>(frame.data()), frame.size()));
        return true;
    } catch (const std::exception& error) {
        _broken = true;
        log::warn(std::string("output closed: ") + error.what());
        return false;
    }
}

bool MessageWriter::broken() const
{
    const std::lock_guard lock(_mutex);
    return _broken;
}

} // namespace tokenbridge::protocol
