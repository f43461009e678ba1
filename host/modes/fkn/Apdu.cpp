#include "Apdu.hpp"

#include "protocol/Error.hpp"

namespace tokenbridge::fkn
{

namespace
{

    RequestError malformed()
    {
        return RequestError(protocol::ErrorCode::INVALID_PARAMS, "malformed APDU");
    }

} // namespace

crypto::Bytes CommandApdu::encode() const
{
    if (data.size() > 65535 || (le && (*le == 0 || *le > 65536))) {
        throw malformed();
    }
    crypto::Bytes out { cla, ins, p1, p2 };
    const bool extended = data.size() > 255 || (le && *le > 256);
    if (!data.empty()) {
        if (extended) {
            out.insert(out.end(),
                { 0x00, static_cast<std::uint8_t>(data.size() >> 8),
                    static_cast<std::uint8_t>(data.size()) });
        } else {
            out.push_back(static_cast<std::uint8_t>(data.size()));
        }
        out.insert(out.end(), data.begin(), data.end());
    }
    if (le) {
        const auto value = static_cast<std::uint16_t>(*le == 65536 ? 0 : *le);
        if (!extended) {
            out.push_back(static_cast<std::uint8_t>(*le == 256 ? 0 : *le));
        } else {
            if (data.empty()) {
                out.push_back(0x00);
            }
            out.insert(out.end(),
                { static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value) });
        }
    }
    return out;
}

CommandApdu CommandApdu::parse(crypto::ByteView raw)
{
    if (raw.size() < 4) {
        throw malformed();
    }
    CommandApdu out { raw[0], raw[1], raw[2], raw[3], {}, std::nullopt };
    const crypto::ByteView body = raw.subspan(4);
    if (body.empty()) {
        return out; // case 1
    }
    if (body.size() == 1) { // case 2S
        out.le = body[0] == 0 ? 256 : body[0];
        return out;
    }
    if (body[0] != 0) { // short: case 3S / 4S
        const std::size_t lc = body[0];
        if (body.size() != 1 + lc && body.size() != 2 + lc) {
            throw malformed();
        }
        out.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<long>(lc));
        if (body.size() == 2 + lc) {
            out.le = body[1 + lc] == 0 ? 256 : body[1 + lc];
        }
        return out;
    }
    if (body.size() < 3) {
        throw malformed();
    }
    const std::size_t n = (static_cast<std::size_t>(body[1]) << 8) | body[2];
    if (body.size() == 3) { // case 2E
        out.le = n == 0 ? 65536 : static_cast<std::uint32_t>(n);
        return out;
    }
    if (n == 0 || (body.size() != 3 + n && body.size() != 5 + n)) {
        throw malformed();
    }
    out.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<long>(n));
    if (body.size() == 5 + n) {
        const std::uint32_t le = (static_cast<std::uint32_t>(body[3 + n]) << 8) | body[4 + n];
        out.le = le == 0 ? 65536 : le;
    }
    return out;
}

crypto::Bytes ResponseApdu::encode() const
{
    crypto::Bytes out(data);
    out.push_back(static_cast<std::uint8_t>(sw >> 8));
    out.push_back(static_cast<std::uint8_t>(sw));
    return out;
}

ResponseApdu ResponseApdu::parse(crypto::ByteView raw)
{
    if (raw.size() < 2) {
        throw malformed();
    }
    const std::size_t n = raw.size() - 2;
    return { crypto::Bytes(raw.begin(), raw.begin() + static_cast<long>(n)),
        static_cast<std::uint16_t>((raw[n] << 8) | raw[n + 1]) };
}

} // namespace tokenbridge::fkn
