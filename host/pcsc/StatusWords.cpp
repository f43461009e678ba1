#include "StatusWords.hpp"

#include "core/Error.hpp"

#include <cstdio>

namespace tokenbridge::pcsc
{

namespace
{

    struct StatusWordEntry
    {
        uint16_t sw;
        uint16_t mask; // 0xFF00 / 0xFFF0 for the families whose low bits carry a count
        std::string_view text;
    };

    // Exact entries first: the first match wins.
    constexpr StatusWordEntry STATUS_WORDS[] = {
        { 0x9000, 0xFFFF, "success" },
        { 0x6282, 0xFFFF, "end of file reached before Le bytes" },
        { 0x6700, 0xFFFF, "wrong length" },
        { 0x6982, 0xFFFF, "security status not satisfied" },
        { 0x6983, 0xFFFF, "authentication method blocked" },
        { 0x6984, 0xFFFF, "reference data not usable" },
        { 0x6985, 0xFFFF, "conditions of use not satisfied" },
        { 0x6986, 0xFFFF, "command not allowed, no current EF" },
        { 0x6A80, 0xFFFF, "incorrect data" },
        { 0x6A81, 0xFFFF, "function not supported" },
        { 0x6A82, 0xFFFF, "file not found" },
        { 0x6A84, 0xFFFF, "not enough memory" },
        { 0x6A86, 0xFFFF, "incorrect P1/P2" },
        { 0x6A88, 0xFFFF, "referenced data not found" },
        { 0x6A89, 0xFFFF, "file already exists" },
        { 0x6B00, 0xFFFF, "wrong parameters, offset outside the file" },
        { 0x6D00, 0xFFFF, "instruction not supported" },
        { 0x6E00, 0xFFFF, "class not supported" },
        { 0x6F00, 0xFFFF, "no precise diagnosis" },
        { 0x63C0, 0xFFF0, "verification failed, counter in the low nibble" },
        { 0x6100, 0xFF00, "more response bytes available" },
        { 0x6C00, 0xFF00, "wrong Le, exact length in SW2" },
        { 0x6400, 0xFF00, "execution error, memory unchanged" },
        { 0x6500, 0xFF00, "execution error, memory changed" },
        { 0x6800, 0xFF00, "function in CLA not supported" },
        { 0x6900, 0xFF00, "command not allowed" },
        { 0x6A00, 0xFF00, "wrong parameters" },
    };

} // namespace

std::string_view statusWordText(uint16_t sw)
{
    for (const auto& entry : STATUS_WORDS) {
        if ((sw & entry.mask) == entry.sw) {
            return entry.text;
        }
    }
    return "unknown status word";
}

std::string formatStatusWord(uint16_t sw)
{
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(sw));
    return std::string(hex) + " (" + std::string(statusWordText(sw)) + ")";
}

void throwCardError(std::string_view command, uint16_t sw)
{
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(sw));
    throw CardError(std::string(command) + ": " + formatStatusWord(sw), { { "sw", hex } });
}

} // namespace tokenbridge::pcsc
