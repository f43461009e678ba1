#include "Bytes.hpp"

#include <stdexcept>

namespace tokenbridge::vtoken
{

namespace
{

    int nibble(char c)
    {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

} // namespace

std::string toHex(std::span<const uint8_t> bytes)
{
    static constexpr char DIGITS[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        out.push_back(DIGITS[b >> 4]);
        out.push_back(DIGITS[b & 0x0F]);
    }
    return out;
}

Bytes fromHex(std::string_view hex)
{
    if (hex.size() % 2 != 0) {
        throw std::invalid_argument("odd hex length");
    }
    Bytes out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]);
        const int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            throw std::invalid_argument("not a hex digit");
        }
        out.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    return out;
}

} // namespace tokenbridge::vtoken
