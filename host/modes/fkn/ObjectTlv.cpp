#include "ObjectTlv.hpp"

#include "core/Error.hpp"

namespace tokenbridge::modes::fkn
{

namespace
{

    [[noreturn]] void malformed()
    {
        throw CardError("the token answered a malformed object list");
    }

} // namespace

void appendTlv(Bytes& out, std::uint8_t tag, ByteView value)
{
    out.push_back(tag);
    const std::size_t n = value.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else if (n <= 0xFF) {
        out.insert(out.end(), { 0x81, static_cast<std::uint8_t>(n) });
    } else {
        out.insert(
            out.end(), { 0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n) });
    }
    out.insert(out.end(), value.begin(), value.end());
}

std::vector<TlvField> parseTlv(ByteView data)
{
    std::vector<TlvField> out;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (pos + 2 > data.size()) {
            malformed();
        }
        const std::uint8_t tag = data[pos++];
        std::size_t length = data[pos++];
        if (length == 0x81 || length == 0x82) {
            const std::size_t bytes = length - 0x80;
            if (pos + bytes > data.size()) {
                malformed();
            }
            length = 0;
            for (std::size_t i = 0; i < bytes; ++i) {
                length = (length << 8) | data[pos++];
            }
        } else if (length > 0x80) {
            malformed();
        }
        if (pos + length > data.size()) {
            malformed();
        }
        const auto value = data.subspan(pos, length);
        out.push_back({ tag, Bytes(value.begin(), value.end()) });
        pos += length;
    }
    return out;
}

} // namespace tokenbridge::modes::fkn
