#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tokenbridge::pcsc
{

// Meaning of a status word (ISO 7816-4 and docs/vtoken.md), e.g. "file not found".
std::string_view statusWordText(uint16_t sw);
// "6A82 (file not found)"
std::string formatStatusWord(uint16_t sw);
// Error(CARD_ERROR) "<command>: 6A82 (file not found)" with details {"sw": "6A82"}.
[[noreturn]] void throwCardError(std::string_view command, uint16_t sw);

// 63Cx: a wrong PIN, x tries left.
inline bool isRetryCounter(uint16_t sw)
{
    return (sw & 0xFFF0) == 0x63C0;
}
inline int retryCount(uint16_t sw)
{
    return sw & 0x0F;
}

} // namespace tokenbridge::pcsc
