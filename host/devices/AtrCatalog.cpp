#include "AtrCatalog.hpp"

namespace tokenbridge::devices
{

namespace
{

    // Sources: pcsc-tools' smartcard_list.txt, OpenSC's card-rtecp.c and card-rutoken.c, and
    // docs/vtoken.md. The ATR names a family only; the model comes from the token-info object
    // (Identification.cpp).
    constexpr AtrPattern CATALOG[] = {
        { "3B6F00FF00567275546F6B6E73302000009000", "rutoken-s", "Rutoken S", Connection::Contact },
        { "3B8B015275746F6B656E6C697465C2", "rutoken-lite", "Rutoken Lite", Connection::Contact },
        { "3B9E96005275746F6B656E4C6974655343??", "rutoken-lite-sc", "Rutoken Lite SC",
            Connection::Contact },
        { "3B8B005275746F6B656E6C745344E3", "rutoken-lite-sd", "Rutoken Lite SD",
            Connection::Contact },
        { "3B8B015275746F6B656E20454350A0", "rutoken-ecp", "Rutoken ECP (USB token)",
            Connection::Contact },
        { "3B8B015275746F6B656E20445320C1", "rutoken-ecp", "Rutoken ECP (DS)",
            Connection::Contact },
        { "3B8B015275746F6B656E44534254D7", "rutoken-ecp-bt", "Rutoken ECP Bluetooth",
            Connection::Contact },
        { "3B8B01527450494E5061642020329C", "rutoken-pinpad", "Rutoken PINPad",
            Connection::Contact },
        { "3B9C96005275746F6B656E4543507363", "rutoken-ecp-sc", "Rutoken ECP smart card (T=0)",
            Connection::Contact },
        { "3B9C948011405275746F6B656E4543507363C3", "rutoken-ecp-sc", "Rutoken ECP smart card",
            Connection::Contact },
        { "3B9C978011405275746F6B656E4543507363C0", "rutoken-ecp-sc-nfc",
            "Rutoken ECP 3.0 NFC smart card (contact)", Connection::Contact },
        // PC/SC pseudo-ATRs of ISO 14443-B cards: 3B 8n 80 01, then the ATQB application data
        // ("RtSC"), protocol info and TCK. Like OpenSC, compare the header and "RtSC" only.
        { "3B88800152745343??????????", "rutoken-ecp-nfc", "Rutoken ECP 3.0 NFC (contactless)",
            Connection::Nfc },
        { "3B8C800150????????52745343????????", "rutoken-ecp-nfc",
            "Rutoken ECP 3.0 NFC (contactless, with PUPI)", Connection::Nfc },
        { "3B88800152744D43??????????", "rutoken-2151-nfc", "Rutoken 2151 (contactless)",
            Connection::Nfc },
        { "3B781300007275746F6B656E6D", "rutoken-mikron", "Rutoken Mikron", Connection::Contact },
        { "3B7A??????7275746F6B656E6D7363", "rutoken-mikron-sc", "Rutoken Mikron SC",
            Connection::Contact },
        { "3B9896008031C072F7418107", "rutoken-magistra", "Rutoken Magistra", Connection::Contact },
    };

    int nibble(char c)
    {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    bool matches(const AtrPattern& entry, std::span<const uint8_t> atr)
    {
        const std::string_view pattern = entry.pattern;
        if (pattern.size() % 2 != 0 || pattern.size() / 2 != atr.size()) {
            return false;
        }
        for (size_t i = 0; i < atr.size(); ++i) {
            const char hi = pattern[2 * i];
            const char lo = pattern[2 * i + 1];
            if (hi == '?' && lo == '?') {
                continue;
            }
            if (nibble(hi) < 0 || nibble(lo) < 0 || atr[i] != (nibble(hi) << 4 | nibble(lo))) {
                return false;
            }
        }
        return true;
    }

} // namespace

std::span<const AtrPattern> atrCatalog()
{
    return CATALOG;
}

bool isRutokenFamily(std::string_view family)
{
    for (const auto& entry : CATALOG) {
        if (entry.family == family) {
            return true;
        }
    }
    return false;
}

std::optional<AtrMatch> matchAtr(std::span<const uint8_t> atr)
{
    for (const auto& entry : CATALOG) {
        if (matches(entry, atr)) {
            return AtrMatch { std::string(entry.family), std::string(entry.description),
                entry.connection };
        }
    }
    return std::nullopt;
}

} // namespace tokenbridge::devices
