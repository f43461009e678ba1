#pragma once

#include "Bytes.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace tokenbridge::vtoken
{

// A parsed command APDU, short or extended (ISO 7816-4 5.1).
struct CommandApdu
{
    uint8_t cla = 0;
    uint8_t ins = 0;
    uint8_t p1 = 0;
    uint8_t p2 = 0;
    Bytes data;
    // Expected response length; absent when the APDU has no Le field. A zero Le field means the
    // maximum (256 short, 65536 extended) and is stored that way.
    std::optional<size_t> le;
    bool extended = false;

    // Empty optional when the bytes are not a well-formed APDU (the card answers 6700).
    static std::optional<CommandApdu> parse(std::span<const uint8_t> bytes);
};

struct Response
{
    Bytes data;
    uint16_t sw = 0x9000;

    Bytes toBytes() const;
    static Response status(uint16_t sw) { return Response { {}, sw }; }
};

} // namespace tokenbridge::vtoken
