#include "Apdu.hpp"

#include "protocol/Error.hpp"

#include <string>

namespace tokenbridge::pcsc
{

namespace
{

    void appendLength(Bytes& out, size_t value, bool extended)
    {
        // A maximal Le (256 / 65536) is encoded as zero, as ISO 7816-4 says.
        if (extended) {
            out.push_back(static_cast<uint8_t>((value >> 8) & 0xFF));
        }
        out.push_back(static_cast<uint8_t>(value & 0xFF));
    }

} // namespace

bool CommandApdu::isExtended() const
{
    return data.size() > SHORT_MAX_LC || (le && *le > SHORT_MAX_LE);
}

Bytes CommandApdu::toBytes() const
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

Bytes ResponseApdu::toBytes() const
{
    Bytes out(data);
    out.push_back(sw1);
    out.push_back(sw2);
    return out;
}

ResponseApdu ResponseApdu::fromBytes(std::span<const uint8_t> bytes)
{
    if (bytes.size() < 2) {
        throw Error(protocol::ErrorCode::CARD_ERROR,
            "card answered " + std::to_string(bytes.size()) + " bytes, no status word");
    }
    ResponseApdu response;
    response.data.assign(bytes.begin(), bytes.end() - 2);
    response.sw1 = bytes[bytes.size() - 2];
    response.sw2 = bytes[bytes.size() - 1];
    return response;
}

} // namespace tokenbridge::pcsc
