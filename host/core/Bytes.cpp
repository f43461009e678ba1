#include "Bytes.hpp"

#include "Error.hpp"

#include <array>
#include <cctype>

namespace tokenbridge
{

namespace
{

    constexpr std::string_view BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    std::string hex(ByteView bytes, const char* digits)
    {
        std::string out;
        out.reserve(bytes.size() * 2);
        for (auto byte : bytes) {
            out.push_back(digits[byte >> 4]);
            out.push_back(digits[byte & 0x0f]);
        }
        return out;
    }

    int nibble(char c)
    {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    // -1 for a character outside the alphabet.
    constexpr std::array<int, 256> base64Values()
    {
        std::array<int, 256> values {};
        values.fill(-1);
        for (std::size_t i = 0; i < BASE64.size(); ++i) {
            values[static_cast<unsigned char>(BASE64[i])] = static_cast<int>(i);
        }
        return values;
    }

    [[noreturn]] void invalid(const char* what)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, what);
    }

} // namespace

std::string toHex(ByteView bytes)
{
    return hex(bytes, "0123456789abcdef");
}

std::string toHexUpper(ByteView bytes)
{
    return hex(bytes, "0123456789ABCDEF");
}

Bytes fromHex(std::string_view hex)
{
    Bytes out;
    int high = -1;
    for (char c : hex) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            continue;
        }
        const int value = nibble(c);
        if (value < 0) {
            invalid("invalid hex string");
        }
        if (high < 0) {
            high = value;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | value));
            high = -1;
        }
    }
    if (high >= 0) {
        invalid("odd-length hex string");
    }
    return out;
}

std::string toBase64(ByteView bytes)
{
    std::string out;
    out.reserve(4 * ((bytes.size() + 2) / 3));
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        const std::uint32_t group = static_cast<std::uint32_t>(bytes[i]) << 16
            | (left > 1 ? static_cast<std::uint32_t>(bytes[i + 1]) << 8 : 0)
            | (left > 2 ? bytes[i + 2] : 0);
        out.push_back(BASE64[(group >> 18) & 0x3f]);
        out.push_back(BASE64[(group >> 12) & 0x3f]);
        out.push_back(left > 1 ? BASE64[(group >> 6) & 0x3f] : '=');
        out.push_back(left > 2 ? BASE64[group & 0x3f] : '=');
    }
    return out;
}

Bytes fromBase64(std::string_view base64)
{
    static constexpr auto VALUES = base64Values();
    std::string compact;
    compact.reserve(base64.size());
    for (char c : base64) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            compact.push_back(c);
        }
    }
    if (compact.size() % 4 != 0) {
        invalid("invalid base64 length");
    }
    Bytes out;
    out.reserve(compact.size() / 4 * 3);
    for (std::size_t i = 0; i < compact.size(); i += 4) {
        const bool last = i + 4 == compact.size();
        // Padding only at the very end: "xx==" or "xxx=".
        const std::size_t padding = !last ? 0
            : compact[i + 3] != '='       ? 0
            : compact[i + 2] != '='       ? 1
                                          : 2;
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const int value =
                j >= 4 - padding ? 0 : VALUES[static_cast<unsigned char>(compact[i + j])];
            if (value < 0) {
                invalid("invalid base64");
            }
            group = group << 6 | static_cast<std::uint32_t>(value);
        }
        out.push_back(static_cast<std::uint8_t>(group >> 16));
        if (padding < 2) {
            out.push_back(static_cast<std::uint8_t>(group >> 8));
        }
        if (padding < 1) {
            out.push_back(static_cast<std::uint8_t>(group));
        }
    }
    return out;
}

} // namespace tokenbridge
