#include "SlotMatcher.hpp"

#include "Pkcs11Module.hpp"

#include <cctype>
#include <cstdint>
#include <vector>

namespace tokenbridge::modes::active
{

namespace
{

    // Digits of `text` in `base`, ignoring spaces/colons/dashes; nullopt if anything else or
    // if it overflows 64 bits.
    std::optional<std::uint64_t> parseNumber(std::string_view text, unsigned base)
    {
        std::uint64_t value = 0;
        bool any = false;
        for (const char c : text) {
            if (c == ' ' || c == ':' || c == '-') {
                continue;
            }
            const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : std::isxdigit(static_cast<unsigned char>(c))
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : 99;
            if (digit >= static_cast<int>(base) || value > (UINT64_MAX - digit) / base) {
                return std::nullopt;
            }
            value = value * base + static_cast<unsigned>(digit);
            any = true;
        }
        return any ? std::optional(value) : std::nullopt;
    }

    bool startsWith(std::string_view text, std::string_view prefix)
    {
        return !prefix.empty() && text.substr(0, prefix.size()) == prefix;
    }

} // namespace

bool slotInReader(const SlotToken& token, std::string_view reader)
{
    if (reader.empty() || token.slotDescription.empty()) {
        return false;
    }
    // A description filled to the 64-char limit may be a truncated reader name.
    const bool truncated = token.slotDescription.size() >= 60;
    if (token.slotDescription == reader
        || (truncated && startsWith(reader, token.slotDescription))) {
        return true;
    }
    const std::string joined = token.slotManufacturer + " " + token.slotDescription;
    return !token.slotManufacturer.empty() && joined == reader;
}

bool serialMatches(std::string_view tokenSerial, std::string_view pcscSerialHex)
{
    const auto pcsc = parseNumber(pcscSerialHex, 16);
    if (!pcsc) {
        return false;
    }
    const auto asHex = parseNumber(tokenSerial, 16);
    const auto asDecimal = parseNumber(tokenSerial, 10);
    return (asHex && *asHex == *pcsc) || (asDecimal && *asDecimal == *pcsc);
}

std::optional<CK_SLOT_ID> findSlot(
    std::span<const SlotToken> tokens, std::string_view reader, std::string_view serialHex)
{
    std::vector<const SlotToken*> bySerial;
    std::vector<const SlotToken*> byReader;
    for (const auto& token : tokens) {
        const bool serialKnown = !serialHex.empty() && !token.serial.empty();
        const bool sameSerial = serialKnown && serialMatches(token.serial, serialHex);
        if (sameSerial) {
            bySerial.push_back(&token);
        }
        if (slotInReader(token, reader) && (!serialKnown || sameSerial)) {
            byReader.push_back(&token);
        }
    }
    // Serial and reader agree, or the serial alone is unique, or the reader alone is unique.
    for (const auto* token : bySerial) {
        if (slotInReader(*token, reader)) {
            return token->slot;
        }
    }
    if (bySerial.size() == 1) {
        return bySerial.front()->slot;
    }
    if (bySerial.empty() && byReader.size() == 1) {
        return byReader.front()->slot;
    }
    return std::nullopt;
}

std::vector<CK_SLOT_ID> slotsInReader(const Pkcs11Module& module, std::string_view reader)
{
    std::vector<CK_SLOT_ID> slots;
    for (const auto slot : module.slotsWithToken()) {
        if (slotInReader(describeSlotOnly(module, slot), reader)) {
            slots.push_back(slot);
        }
    }
    return slots;
}

std::optional<CK_SLOT_ID> findSlot(
    const Pkcs11Module& module, std::string_view reader, std::string_view serialHex)
{
    const auto tokens = listTokens(module);
    return findSlot(tokens, reader, serialHex);
}

} // namespace tokenbridge::modes::active
