#include "Apdu.hpp"

namespace tokenbridge::vtoken
{

std::optional<CommandApdu> CommandApdu::parse(std::span<const uint8_t> b)
{
    if (b.size() < 4) {
        return std::nullopt;
    }
    CommandApdu apdu;
    apdu.cla = b[0];
    apdu.ins = b[1];
    apdu.p1 = b[2];
    apdu.p2 = b[3];
    const size_t n = b.size();
    if (n == 4) {
        return apdu;
    }
    if (n == 5) {
        apdu.le = b[4] == 0 ? 256 : b[4];
        return apdu;
    }
    if (b[4] != 0) { // short Lc
        const size_t lc = b[4];
        if (n != 5 + lc && n != 6 + lc) {
            return std::nullopt;
        }
        apdu.data.assign(b.begin() + 5, b.begin() + 5 + static_cast<std::ptrdiff_t>(lc));
        if (n == 6 + lc) {
            apdu.le = b[5 + lc] == 0 ? 256 : b[5 + lc];
        }
        return apdu;
    }
    // Extended: 00 then two length bytes.
    if (n < 7) {
        return std::nullopt;
    }
    apdu.extended = true;
    const size_t word = static_cast<size_t>(b[5]) << 8 | b[6];
    if (n == 7) {
        apdu.le = word == 0 ? 65536 : word;
        return apdu;
    }
    const size_t lc = word;
    if (lc == 0 || (n != 7 + lc && n != 9 + lc)) {
        return std::nullopt;
    }
    apdu.data.assign(b.begin() + 7, b.begin() + 7 + static_cast<std::ptrdiff_t>(lc));
    if (n == 9 + lc) {
        const size_t le = static_cast<size_t>(b[7 + lc]) << 8 | b[8 + lc];
        apdu.le = le == 0 ? 65536 : le;
    }
    return apdu;
}

Bytes Response::toBytes() const
{
    Bytes out = data;
    out.push_back(static_cast<uint8_t>(sw >> 8));
    out.push_back(static_cast<uint8_t>(sw & 0xFF));
    return out;
}

} // namespace tokenbridge::vtoken
