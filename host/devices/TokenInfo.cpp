#include "TokenInfo.hpp"

#include "core/Error.hpp"

#include <array>
#include <bitset>
#include <optional>

namespace tokenbridge::devices
{

namespace
{

    // The card is untrusted input: any inconsistency is a CARD_ERROR, never a partial result.
    [[noreturn]] void malformed(const std::string& why)
    {
        throw CardError("malformed token-info object: " + why);
    }

    constexpr size_t MODEL_NAME_MAX = 64;

    uint32_t bigEndian(std::span<const uint8_t> value)
    {
        uint32_t result = 0;
        for (uint8_t byte : value) {
            result = (result << 8) | byte;
        }
        return result;
    }

    struct TagRule
    {
        uint8_t tag;
        size_t minLength;
        size_t maxLength;
        void (*apply)(TokenInfo&, std::span<const uint8_t>);
    };

    // docs/vtoken.md "Token information"; tags not listed here are skipped.
    constexpr TagRule TAG_RULES[] = {
        { 0x80, 1, 1, [](TokenInfo& info, std::span<const uint8_t> v) { info.tokenType = v[0]; } },
        { 0x81, 2, 2,
            [](TokenInfo& info, std::span<const uint8_t> v) {
                info.hardware = { v[0], v[1] };
            } },
        { 0x82, 2, 2,
            [](TokenInfo& info, std::span<const uint8_t> v) {
                info.firmware = { v[0], v[1] };
            } },
        { 0x83, 4, 4,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.serial = bigEndian(v); } },
        { 0x84, 4, 4,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.flags = bigEndian(v); } },
        { 0x85, 1, 1, [](TokenInfo& info, std::span<const uint8_t> v) { info.features = v[0]; } },
        { 0x86, 1, 1,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.currentInterface = v[0]; } },
        { 0x87, 1, 1,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.supportedInterfaces = v[0]; } },
        { 0x88, 1, MODEL_NAME_MAX,
            [](TokenInfo& info, std::span<const uint8_t> v) {
                if (!isCleanUtf8(v)) {
                    malformed("model name is not clean UTF-8");
                }
                info.modelName.assign(v.begin(), v.end());
            } },
        { 0x89, 4, 4,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.totalMemory = bigEndian(v); } },
        { 0x8A, 4, 4,
            [](TokenInfo& info, std::span<const uint8_t> v) { info.freeMemory = bigEndian(v); } },
    };

    // Without these the model can't be named nor the device given a stable id.
    constexpr uint8_t REQUIRED_TAGS[] = { 0x80, 0x81, 0x82, 0x83 };

    const TagRule* findRule(uint8_t tag)
    {
        for (const auto& rule : TAG_RULES) {
            if (rule.tag == tag) {
                return &rule;
            }
        }
        return nullptr;
    }

    std::string hexByte(uint8_t byte)
    {
        static constexpr char DIGITS[] = "0123456789ABCDEF";
        return { DIGITS[byte >> 4], DIGITS[byte & 0x0F] };
    }

} // namespace

bool isCleanUtf8(std::span<const uint8_t> bytes)
{
    size_t i = 0;
    while (i < bytes.size()) {
        const uint8_t lead = bytes[i];
        size_t extra = 0;
        uint32_t codePoint = 0;
        if (lead < 0x80) {
            if (lead < 0x20 || lead == 0x7F) {
                return false;
            }
            ++i;
            continue;
        }
        if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            codePoint = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            codePoint = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            codePoint = lead & 0x07;
        } else {
            return false;
        }
        if (bytes.size() - i <= extra) {
            return false;
        }
        for (size_t k = 1; k <= extra; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return false;
            }
            codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
        }
        static constexpr std::array<uint32_t, 4> MIN_FOR_LENGTH = { 0, 0x80, 0x800, 0x10000 };
        if (codePoint < MIN_FOR_LENGTH[extra] || codePoint > 0x10FFFF
            || (codePoint >= 0xD800 && codePoint <= 0xDFFF)
            || (codePoint >= 0x80 && codePoint < 0xA0)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

TokenInfo parseTokenInfo(std::span<const uint8_t> data)
{
    TokenInfo info;
    std::bitset<256> seen;
    size_t pos = 0;
    while (pos < data.size()) {
        const uint8_t tag = data[pos++];
        if (pos >= data.size()) {
            malformed("tag " + hexByte(tag) + " has no length");
        }
        size_t length = data[pos++];
        if (length == 0x81) { // BER long form, one length byte
            if (pos >= data.size()) {
                malformed("tag " + hexByte(tag) + " length truncated");
            }
            length = data[pos++];
        } else if (length > 0x7F) {
            malformed("tag " + hexByte(tag) + " has an unsupported length form");
        }
        if (length > data.size() - pos) {
            malformed("tag " + hexByte(tag) + " value truncated");
        }
        const auto value = data.subspan(pos, length);
        pos += length;
        if (seen.test(tag)) {
            malformed("tag " + hexByte(tag) + " repeated");
        }
        seen.set(tag);
        const TagRule* rule = findRule(tag);
        if (rule == nullptr) {
            continue;
        }
        if (length < rule->minLength || length > rule->maxLength) {
            malformed("tag " + hexByte(tag) + " has length " + std::to_string(length));
        }
        rule->apply(info, value);
    }
    for (uint8_t tag : REQUIRED_TAGS) {
        if (!seen.test(tag)) {
            malformed("tag " + hexByte(tag) + " missing");
        }
    }
    // Only firmware 32+ reports a name (docs/vtoken.md); older firmware's bytes there mean nothing.
    if (info.firmware.major < 32) {
        info.modelName.clear();
    }
    return info;
}

} // namespace tokenbridge::devices
