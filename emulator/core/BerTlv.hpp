#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

// Header-only so the PKCS#11 module (emulator/pkcs11) speaks the same encoding as the card.
namespace tokenbridge::vtoken::ber
{

// One-byte tag, BER definite length (short form, 81 xx, 82 xx xx): the encoding of the key
// command group (docs/vtoken.md "On-card keys"), whose values (certificates) exceed 255 bytes.
struct Field
{
    uint8_t tag;
    std::vector<uint8_t> value;
};

inline void append(std::vector<uint8_t>& out, uint8_t tag, std::span<const uint8_t> value)
{
    out.push_back(tag);
    const size_t n = value.size();
    if (n < 0x80) {
        out.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xFF) {
        out.insert(out.end(), { 0x81, static_cast<uint8_t>(n) });
    } else {
        out.insert(out.end(), { 0x82, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n) });
    }
    out.insert(out.end(), value.begin(), value.end());
}

// Empty optional when the data is not a well-formed list of fields.
inline std::optional<std::vector<Field>> parse(std::span<const uint8_t> data)
{
    std::vector<Field> out;
    size_t pos = 0;
    while (pos < data.size()) {
        if (pos + 2 > data.size()) {
            return std::nullopt;
        }
        const uint8_t tag = data[pos++];
        size_t len = data[pos++];
        if (len == 0x81 || len == 0x82) {
            const size_t bytes = len - 0x80;
            if (pos + bytes > data.size()) {
                return std::nullopt;
            }
            len = 0;
            for (size_t i = 0; i < bytes; ++i) {
                len = (len << 8) | data[pos++];
            }
        } else if (len > 0x80) {
            return std::nullopt;
        }
        if (pos + len > data.size()) {
            return std::nullopt;
        }
        out.push_back({ tag,
            std::vector<uint8_t>(data.begin() + static_cast<std::ptrdiff_t>(pos),
                data.begin() + static_cast<std::ptrdiff_t>(pos + len)) });
        pos += len;
    }
    return out;
}

} // namespace tokenbridge::vtoken::ber
