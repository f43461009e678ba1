#include "SmEnvelope.hpp"

#include "ChannelKeys.hpp"
#include "core/Error.hpp"

namespace tokenbridge::fkn
{

namespace
{

    RequestError malformed()
    {
        return RequestError(ErrorCode::INVALID_PARAMS, "malformed secure message");
    }

    void putTlv(Bytes& out, std::uint8_t tag, ByteView value)
    {
        out.push_back(tag);
        const std::size_t n = value.size();
        if (n < 0x80) {
            out.push_back(static_cast<std::uint8_t>(n));
        } else if (n < 0x100) {
            out.insert(out.end(), { 0x81, static_cast<std::uint8_t>(n) });
        } else {
            out.insert(out.end(),
                { 0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n) });
        }
        out.insert(out.end(), value.begin(), value.end());
    }

    // Reads one TLV with the expected tag at `at`, advancing it.
    ByteView takeTlv(ByteView data, std::size_t& at, std::uint8_t tag)
    {
        if (at + 2 > data.size() || data[at] != tag) {
            throw malformed();
        }
        std::size_t n = data[at + 1];
        at += 2;
        if (n == 0x81 || n == 0x82) {
            const std::size_t bytes = n - 0x80;
            if (at + bytes > data.size()) {
                throw malformed();
            }
            n = data[at];
            if (bytes == 2) {
                n = (n << 8) | data[at + 1];
            }
            at += bytes;
        } else if (n >= 0x80) {
            throw malformed();
        }
        if (at + n > data.size()) {
            throw malformed();
        }
        const ByteView value = data.subspan(at, n);
        at += n;
        return value;
    }

} // namespace

Bytes SmEnvelope::encode(bool command) const
{
    Bytes out;
    putTlv(out, 0x85, cryptogram);
    if (command && le) {
        const std::uint32_t v = *le == 65536 ? 0 : *le;
        const std::uint8_t leBytes[] = { static_cast<std::uint8_t>(v >> 8),
            static_cast<std::uint8_t>(v) };
        putTlv(out, 0x97, leBytes);
    }
    putTlv(out, 0x8E, mac);
    return out;
}

SmEnvelope SmEnvelope::parse(ByteView data, bool command)
{
    SmEnvelope out;
    std::size_t at = 0;
    const ByteView c = takeTlv(data, at, 0x85);
    out.cryptogram.assign(c.begin(), c.end());
    if (command && at < data.size() && data[at] == 0x97) {
        const ByteView le = takeTlv(data, at, 0x97);
        if (le.size() != 2) {
            throw malformed();
        }
        const std::uint32_t v = (static_cast<std::uint32_t>(le[0]) << 8) | le[1];
        out.le = v == 0 ? 65536 : v;
    }
    const ByteView mac = takeTlv(data, at, 0x8E);
    if (mac.size() != CHANNEL_TAG_SIZE || at != data.size()) {
        throw malformed();
    }
    out.mac.assign(mac.begin(), mac.end());
    return out;
}

} // namespace tokenbridge::fkn
