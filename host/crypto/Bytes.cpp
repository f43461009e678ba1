#include "Bytes.hpp"

#include "OpenSsl.hpp"

#include <openssl/evp.h>

#include <cctype>

namespace tokenbridge::crypto
{

std::string toHex(ByteView bytes)
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto byte : bytes) {
        out.push_back(DIGITS[byte >> 4]);
        out.push_back(DIGITS[byte & 0x0f]);
    }
    return out;
}

namespace
{
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
} // namespace

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
            throw RequestError(protocol::ErrorCode::INVALID_PARAMS, "invalid hex string");
        }
        if (high < 0) {
            high = value;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | value));
            high = -1;
        }
    }
    if (high >= 0) {
        throw RequestError(protocol::ErrorCode::INVALID_PARAMS, "odd-length hex string");
    }
    return out;
}

std::string toBase64(ByteView bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(
        reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

Bytes fromBase64(std::string_view base64)
{
    std::string compact;
    for (char c : base64) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            compact.push_back(c);
        }
    }
    if (compact.size() % 4 != 0) {
        throw RequestError(protocol::ErrorCode::INVALID_PARAMS, "invalid base64 length");
    }
    Bytes out(compact.size() / 4 * 3);
    const int length = EVP_DecodeBlock(out.data(),
        reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
    if (length < 0) {
        throw RequestError(protocol::ErrorCode::INVALID_PARAMS, "invalid base64");
    }
    // EVP_DecodeBlock counts padding as zero bytes.
    std::size_t padding = 0;
    for (auto it = compact.rbegin(); it != compact.rend() && *it == '='; ++it) {
        ++padding;
    }
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

} // namespace tokenbridge::crypto
