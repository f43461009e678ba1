#include "Tlv.hpp"

#include <stdexcept>

namespace tokenbridge::vtoken
{

std::optional<std::vector<Tlv>> parseTlv(std::span<const uint8_t> data)
{
    std::vector<Tlv> out;
    size_t pos = 0;
    while (pos < data.size()) {
        if (pos + 2 > data.size()) {
            return std::nullopt;
        }
        const uint8_t tag = data[pos];
        const size_t len = data[pos + 1];
        pos += 2;
        if (pos + len > data.size()) {
            return std::nullopt;
        }
        out.push_back(Tlv { tag,
            Bytes(data.begin() + static_cast<std::ptrdiff_t>(pos),
                data.begin() + static_cast<std::ptrdiff_t>(pos + len)) });
        pos += len;
    }
    return out;
}

void appendTlv(Bytes& out, uint8_t tag, std::span<const uint8_t> value)
{
    if (value.size() > 0xFF) {
        throw std::length_error("TLV value too long");
    }
    out.push_back(tag);
    out.push_back(static_cast<uint8_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
}

} // namespace tokenbridge::vtoken
