#pragma once

#include "Bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tokenbridge
{

// An ISO 7816-4 command APDU, as the host sends it and vtoken receives it. Encoded short when it
// fits (Lc <= 255, Le <= 256), extended otherwise.
struct CommandApdu
{
    static constexpr std::size_t SHORT_MAX_LC = 255;
    static constexpr std::size_t SHORT_MAX_LE = 256;
    static constexpr std::size_t EXTENDED_MAX_LC = 65535;
    static constexpr std::size_t EXTENDED_MAX_LE = 65536;

    std::uint8_t cla = 0;
    std::uint8_t ins = 0;
    std::uint8_t p1 = 0;
    std::uint8_t p2 = 0;
    Bytes data;
    // Bytes expected, 1..65536 (a zero Le field means the maximum and is stored that way);
    // nullopt: no response data expected.
    std::optional<std::size_t> le;

    [[nodiscard]] bool isExtended() const;
    // Throws FatalError when Lc or Le is out of range (a bug in the caller, not a card problem).
    [[nodiscard]] Bytes encode() const;
    // All seven ISO cases; nullopt when the bytes are not a well-formed APDU.
    static std::optional<CommandApdu> parse(ByteView bytes);
};

// A card's answer: data and the status word.
struct ResponseApdu
{
    Bytes data;
    std::uint16_t sw = 0x9000;

    [[nodiscard]] bool isOk() const { return sw == 0x9000; }
    [[nodiscard]] std::uint8_t sw1() const { return static_cast<std::uint8_t>(sw >> 8); }
    [[nodiscard]] std::uint8_t sw2() const { return static_cast<std::uint8_t>(sw); }
    [[nodiscard]] Bytes encode() const;
    // Throws CardError on fewer than 2 bytes.
    static ResponseApdu parse(ByteView bytes);
    static ResponseApdu status(std::uint16_t sw) { return { {}, sw }; }
};

} // namespace tokenbridge
