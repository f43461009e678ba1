// FKN KEY ATTRIBUTES (docs/fkn.md §2 "FKN keys"): the token's own statement, through the
// channel, of whether a key pair is an FKN key.
#include "BerTlv.hpp"
#include "Card.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"

#include "fkn/FknApdu.hpp"

namespace tokenbridge::vtoken
{

namespace
{

    constexpr uint8_t KIND_KEY_PAIR = 0x01;

    void require(bool condition, uint16_t statusWord)
    {
        if (!condition) {
            throw CardError(statusWord);
        }
    }

    // 8C 5D 00 ref -> 80 01 fkn 81 01 extractable (always 00: no key leaves the card).
    ResponseApdu keyAttributes(Card& card, const CommandApdu& apdu)
    {
        require((card.model().features & FEATURE_FKN) != 0, sw::INS_NOT_SUPPORTED);
        require(card.session().fknProtected, sw::SECURITY_NOT_SATISFIED);
        require(apdu.p1 == 0x00 && apdu.data.empty(), sw::WRONG_P1P2);
        for (const auto& object : card.state().keys) {
            if (object.at("ref").get<int>() == apdu.p2
                && object.at("kind").get<uint8_t>() == KIND_KEY_PAIR) {
                ResponseApdu response;
                const bool fkn = object.value("fkn", false);
                ber::append(response.data, 0x80, Bytes { static_cast<uint8_t>(fkn ? 1 : 0) });
                ber::append(response.data, 0x81, Bytes { 0x00 });
                return response;
            }
        }
        throw CardError(sw::DATA_NOT_FOUND); // no object, or a data object
    }

} // namespace

void addFknCommands(CommandTable& table)
{
    table.add({ fkn::FKN_CLA, fkn::INS_FKN_KEY_ATTRIBUTES, keyAttributes, false });
}

} // namespace tokenbridge::vtoken
