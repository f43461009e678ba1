#pragma once

// Where CryptoPro CSP keeps its containers on a Rutoken's file system (docs/passive.md "CryptoPro
// containers on the token"). One public source: the APDU traces of krotname/cryptopro-key-export
// (docs/apdu/rutoken-lite-fw9.md, docs/apdu/rutoken-s.md).

#include "TokenFiles.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace tokenbridge::modes::passive::cryptopro
{

// The last byte of a container's EF ids: `<index>01` .. `<index>06`.
enum class TokenFile : std::uint8_t {
    Masks = 1,
    Primary = 2,
    Header = 3,
    Masks2 = 4,
    Primary2 = 5,
    Name = 6
};

// Container DFs `<index>00` for index FIRST_INDEX..LAST_INDEX: the traces show 0A and 0B; CSP's
// own bound is not public, so 32 containers per token (scanning costs one SELECT each).
inline constexpr std::uint8_t FIRST_INDEX = 0x0A;
inline constexpr std::uint8_t LAST_INDEX = 0x29;

// The DF holding the container DFs for a token family (devices::Identification::family):
// Rutoken S `0000/0000/0002`; Lite and every other family (the ECP's rtecp file system)
// `1000/1003`.
const FilePath& rootFor(std::string_view family);

inline std::uint16_t dfOf(std::uint8_t index)
{
    return static_cast<std::uint16_t>(index << 8);
}

inline std::uint16_t fidOf(std::uint8_t index, TokenFile file)
{
    return static_cast<std::uint16_t>(index << 8 | static_cast<std::uint8_t>(file));
}

} // namespace tokenbridge::modes::passive::cryptopro
