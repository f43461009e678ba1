#include "Apdu.hpp"

#include "Error.hpp"

#include <string>

namespace tokenbridge
{

namespace
{

    void appendLength(Bytes& out, std::size_t value, bool extended)
    {
        // A maximal Le (256 / 65536) is encoded as zero, as ISO 7816-4 says.
        if (extended) {
            out.push_back(static_cast<std::uint8_t>((value >> 8) & 0xFF));
        }
        out.push_back(static_cast<std::uint8_t>(value & 0xFF));
    }

    std::size_t maxIfZero(std::size_t value, std::size_t max)
    {
        return value == 0 ? max : value;
    }

} // namespace

bool CommandApdu::isExtended() const
{
    return data.size() > SHORT_MAX_LC || (le && *le > SHORT_MAX_LE);
}

Bytes CommandApdu::encode() const
{
    if (data.size() > EXTENDED_MAX_LC) {
        throw FatalError("command APDU data too long: " + std::to_string(data.size()));
    }
    if (le && (*le == 0 || *le > EXTENDED_MAX_LE)) {
        throw FatalError("command APDU Le out of range: " + std::to_string(*le));
    }
    const bool extended = isExtended();
    Bytes out { cla, ins, p1, p2 };
    out.reserve(4 + 3 + data.size() + 2);
    if (!data.empty()) {
        if (extended) {
            out.push_back(0x00);
        }
        appendLength(out, data.size(), extended);
        out.insert(out.end(), data.begin(), data.end());
    }
    if (le) {
        // Case 2E starts with the 00 marker; in case 4E the Lc field already carried it.
        if (extended && data.empty()) {
            out.push_back(0x00);
        }
        appendLength(out, *le, extended);
    }
    return out;
}

std::optional<CommandApdu> CommandApdu::parse(ByteView bytes)
{
    if (bytes.size() < 4) {
        return std::nullopt;
    }
    CommandApdu apdu { bytes[0], bytes[1], bytes[2], bytes[3], {}, std::nullopt };
    const ByteView body = bytes.subspan(4);
    if (body.empty()) {
        return apdu; // case 1
    }
    if (body.size() == 1) { // case 2S
        apdu.le = maxIfZero(body[0], SHORT_MAX_LE);
        return apdu;
    }
    if (body[0] != 0) { // short Lc: case 3S / 4S
        const std::size_t lc = body[0];
        if (body.size() != 1 + lc && body.size() != 2 + lc) {
            return std::nullopt;
        }
        apdu.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(lc));
        if (body.size() == 2 + lc) {
            apdu.le = maxIfZero(body[1 + lc], SHORT_MAX_LE);
        }
        return apdu;
    }
    // Extended: 00 then two length bytes.
    if (body.size() < 3) {
        return std::nullopt;
    }
    const std::size_t word = static_cast<std::size_t>(body[1]) << 8 | body[2];
    if (body.size() == 3) { // case 2E
        apdu.le = maxIfZero(word, EXTENDED_MAX_LE);
        return apdu;
    }
    const std::size_t lc = word;
    if (lc == 0 || (body.size() != 3 + lc && body.size() != 5 + lc)) {
        return std::nullopt;
    }
    apdu.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<std::ptrdiff_t>(lc));
    if (body.size() == 5 + lc) {
        apdu.le =
            maxIfZero(static_cast<std::size_t>(body[3 + lc]) << 8 | body[4 + lc], EXTENDED_MAX_LE);
    }
    return apdu;
}

Bytes ResponseApdu::encode() const
{
    Bytes out(data);
    out.push_back(sw1());
    out.push_back(sw2());
    return out;
}

ResponseApdu ResponseApdu::parse(ByteView bytes)
{
    if (bytes.size() < 2) {
        throw CardError("card answered " + std::to_string(bytes.size()) + " bytes, no status word");
    }
    const std::size_t n = bytes.size() - 2;
    return { Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)),
        static_cast<std::uint16_t>(bytes[n] << 8 | bytes[n + 1]) };
}

} // namespace tokenbridge
