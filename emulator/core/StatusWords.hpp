#pragma once

#include <cstdint>

// Status words of docs/vtoken.md ("APDU set").
namespace tokenbridge::vtoken::sw
{

inline constexpr uint16_t OK = 0x9000;
inline constexpr uint16_t END_OF_FILE = 0x6282;
inline constexpr uint16_t PIN_WRONG = 0x63C0; // | tries left
inline constexpr uint16_t WRONG_LENGTH = 0x6700;
inline constexpr uint16_t SECURITY_NOT_SATISFIED = 0x6982;
inline constexpr uint16_t PIN_BLOCKED = 0x6983;
inline constexpr uint16_t REFERENCE_DATA_UNUSABLE = 0x6984;
inline constexpr uint16_t CONDITIONS_NOT_SATISFIED = 0x6985;
inline constexpr uint16_t NO_CURRENT_EF = 0x6986;
inline constexpr uint16_t WRONG_DATA = 0x6A80;
inline constexpr uint16_t FILE_NOT_FOUND = 0x6A82;
inline constexpr uint16_t NOT_ENOUGH_MEMORY = 0x6A84;
inline constexpr uint16_t WRONG_P1P2 = 0x6A86;
inline constexpr uint16_t DATA_NOT_FOUND = 0x6A88;
inline constexpr uint16_t FILE_EXISTS = 0x6A89;
inline constexpr uint16_t WRONG_OFFSET = 0x6B00;
inline constexpr uint16_t INS_NOT_SUPPORTED = 0x6D00;
inline constexpr uint16_t CLA_NOT_SUPPORTED = 0x6E00;
inline constexpr uint16_t INTERNAL_ERROR = 0x6F00;

} // namespace tokenbridge::vtoken::sw
