#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tokenbridge::pcsc
{

using Bytes = std::vector<uint8_t>;

// An ISO 7816-4 command. Encoded short when it fits (Lc <= 255, Le <= 256), extended otherwise.
struct CommandApdu
{
    static constexpr size_t SHORT_MAX_LC = 255;
    static constexpr size_t SHORT_MAX_LE = 256;
    static constexpr size_t EXTENDED_MAX_LC = 65535;
    static constexpr size_t EXTENDED_MAX_LE = 65536;

    uint8_t cla = 0;
    uint8_t ins = 0;
    uint8_t p1 = 0;
    uint8_t p2 = 0;
    Bytes data;
    std::optional<size_t> le; // bytes expected, 1..65536; nullopt: no response data expected

    [[nodiscard]] bool isExtended() const;
    // Throws FatalError when Lc or Le is out of range (a bug in the caller, not a card problem).
    [[nodiscard]] Bytes toBytes() const;
};

// A card's answer: data and the status word.
struct ResponseApdu
{
    Bytes data;
    uint8_t sw1 = 0;
    uint8_t sw2 = 0;

    [[nodiscard]] uint16_t sw() const { return static_cast<uint16_t>((sw1 << 8) | sw2); }
    [[nodiscard]] bool isOk() const { return sw() == 0x9000; }
    [[nodiscard]] Bytes toBytes() const;
    // Throws Error(CARD_ERROR) on fewer than 2 bytes.
    static ResponseApdu fromBytes(std::span<const uint8_t> bytes);
};

} // namespace tokenbridge::pcsc
