// GET DATA (token-info object) and GET CHALLENGE (docs/vtoken.md "Token information").
#include "TokenInfo.hpp"

#include "Card.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"
#include "Tlv.hpp"

#include <openssl/rand.h>

#include <algorithm>

namespace tokenbridge::vtoken
{

namespace
{

    Bytes be32(uint32_t v)
    {
        return { static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v) };
    }

    ResponseApdu getData(Card& card, const CommandApdu& apdu)
    {
        // A hidden object is one the card never heard of (--hide-token-info).
        if (apdu.p1 != 0x01 || apdu.p2 != 0x81 || card.tokenInfoHidden()) {
            throw CardError(sw::DATA_NOT_FOUND);
        }
        return ResponseApdu { tokenInfoFields(card), sw::OK };
    }

    ResponseApdu getChallenge(Card&, const CommandApdu& apdu)
    {
        if (apdu.p1 != 0 || apdu.p2 != 0) {
            throw CardError(sw::WRONG_P1P2);
        }
        if (!apdu.le || !apdu.data.empty()) {
            throw CardError(sw::WRONG_LENGTH);
        }
        ResponseApdu response { Bytes(*apdu.le), sw::OK };
        if (RAND_bytes(response.data.data(), static_cast<int>(response.data.size())) != 1) {
            throw CardError(sw::INTERNAL_ERROR);
        }
        return response;
    }

} // namespace

Bytes tokenInfoFields(const Card& card)
{
    const Model& m = card.model();
    const uint32_t used = card.state().files.usedMemory();
    const uint8_t current = card.connection() == Connection::Nfc ? IF_NFC_B : m.contactInterface;
    Bytes out;
    appendTlv(out, 0x80, Bytes { m.tokenType });
    appendTlv(out, 0x81, Bytes { m.hwMajor, m.hwMinor });
    appendTlv(out, 0x82, Bytes { m.fwMajor, m.fwMinor });
    appendTlv(out, 0x83, be32(card.state().serial));
    appendTlv(out, 0x84, be32(m.flags));
    appendTlv(out, 0x85, Bytes { m.features });
    appendTlv(out, 0x86, Bytes { current });
    appendTlv(out, 0x87, Bytes { m.supportedInterfaces });
    if (m.fwMajor >= 32 && !m.name.empty()) {
        appendTlv(out, 0x88, Bytes(m.name.begin(), m.name.end()));
    }
    appendTlv(out, 0x89, be32(m.totalMemory));
    appendTlv(out, 0x8A, be32(m.totalMemory - std::min(used, m.totalMemory)));
    return out;
}

void addInfoCommands(CommandTable& table)
{
    table.add({ 0x00, 0xCA, getData, false });
    table.add({ 0x00, 0x84, getChallenge, false });
}

} // namespace tokenbridge::vtoken
