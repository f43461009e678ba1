#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <optional>

namespace tokenbridge::fkn
{

// The ISO 7816-4 secure-messaging data objects of "SM-GOST v1", in this order and nothing else:
// command:  85 L C [97 02 Le] 8E 08 MAC;   response: 85 L C 8E 08 MAC.
// L is BER (1 byte < 128, 81 xx, 82 xx xx). Le 65536 is written as 00 00.
struct SmEnvelope
{
    Bytes cryptogram;
    std::optional<std::uint32_t> le; // commands only
    Bytes mac;

    [[nodiscard]] Bytes encode(bool command) const;
    // Throws RequestError(INVALID_PARAMS) on anything else.
    static SmEnvelope parse(ByteView data, bool command);
};

} // namespace tokenbridge::fkn
