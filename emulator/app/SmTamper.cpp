#include "SmTamper.hpp"

#include <optional>

namespace tokenbridge::vtoken
{

namespace
{

    constexpr size_t MAC_OBJECT_SIZE = 10; // 8E 08 MAC

    bool isProtectedClass(uint8_t cla)
    {
        return cla == 0x0C || cla == 0x8C;
    }

    // Offset and length of the value of the leading 85 object (BER length L, 81 L, 82 LL LL).
    std::optional<std::pair<size_t, size_t>> bodyOf(const Bytes& response)
    {
        const size_t end = response.size() - 2 - MAC_OBJECT_SIZE;
        if (response.size() < 2 + MAC_OBJECT_SIZE + 2 || response[0] != 0x85
            || response[end] != 0x8E) {
            return std::nullopt;
        }
        size_t at = 1;
        size_t length = response[at++];
        if (length == 0x81 || length == 0x82) {
            const size_t bytes = length & 0x03;
            length = 0;
            for (size_t i = 0; i < bytes && at < end; ++i) {
                length = (length << 8) | response[at++];
            }
        }
        if (at + length != end) {
            return std::nullopt;
        }
        return std::make_pair(at, length);
    }

} // namespace

bool SmTamper::apply(std::span<const uint8_t> command, Bytes& response)
{
    if (_target == 0 || command.empty() || !isProtectedClass(command[0])) {
        return false;
    }
    const auto body = bodyOf(response);
    if (!body || ++_seen != _target) {
        return false;
    }
    // The encrypted body when there is one, else the status word: both are under the MAC.
    const size_t at = body->second > 0 ? body->first : response.size() - 1;
    response[at] ^= 0x01;
    return true;
}

} // namespace tokenbridge::vtoken
