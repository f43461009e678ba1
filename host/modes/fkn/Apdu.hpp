#pragma once

#include "crypto/Bytes.hpp"

#include <cstdint>
#include <optional>

namespace tokenbridge::fkn
{

// ISO 7816-4 command APDU; `le` is the expected length 1..65536 (absent: no response data).
struct CommandApdu
{
    std::uint8_t cla = 0, ins = 0, p1 = 0, p2 = 0;
    crypto::Bytes data;
    std::optional<std::uint32_t> le;

    // Short form when data <= 255 and le <= 256, extended otherwise.
    [[nodiscard]] crypto::Bytes encode() const;
    // All seven ISO cases; throws RequestError(INVALID_PARAMS) when malformed.
    static CommandApdu parse(crypto::ByteView raw);
};

struct ResponseApdu
{
    crypto::Bytes data;
    std::uint16_t sw = 0x9000;

    [[nodiscard]] crypto::Bytes encode() const;
    // Throws RequestError(INVALID_PARAMS) when shorter than the status word.
    static ResponseApdu parse(crypto::ByteView raw);
};

} // namespace tokenbridge::fkn
