// VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (docs/vtoken.md "PINs"). Handlers never
// copy a PIN anywhere but into the hash function.
#include "Card.hpp"
#include "CardError.hpp"
#include "FknCredential.hpp"
#include "StatusWords.hpp"
#include "Tlv.hpp"

namespace tokenbridge::vtoken
{

namespace
{

    void require(bool condition, uint16_t statusWord)
    {
        if (!condition) {
            throw CardError(statusWord);
        }
    }

    uint8_t pinReference(uint8_t p2)
    {
        require(p2 == PIN_ADMIN || p2 == PIN_USER, sw::WRONG_P1P2);
        return p2;
    }

    bool validNewPin(const Bytes& pin)
    {
        return pin.size() >= PIN_MIN_LENGTH && pin.size() <= PIN_MAX_LENGTH;
    }

    ResponseApdu triesLeft(const PinRecord& pin)
    {
        return ResponseApdu::status(static_cast<uint16_t>(sw::PIN_WRONG | pin.triesLeft()));
    }

    // The user PIN and the FKN credential's C_1 are one counter (docs/fkn.md §2).
    void commitTries(Card& card, uint8_t reference)
    {
        if (reference == PIN_USER) {
            followUserPinTries(card.state());
        }
        card.commit();
    }

    // Checks a presented PIN as VERIFY does; persists the counter whenever it changed. Empty
    // optional on success, otherwise the response to give.
    std::optional<ResponseApdu> checkPin(Card& card, uint8_t reference, const Bytes& presented)
    {
        PinRecord& pin = card.state().pin(reference);
        const uint8_t before = pin.triesLeft();
        switch (pin.verify(presented)) {
        case PinRecord::Check::Blocked:
            return ResponseApdu::status(sw::PIN_BLOCKED);
        case PinRecord::Check::Wrong:
            card.session().verified(reference) = false;
            commitTries(card, reference);
            return triesLeft(pin);
        case PinRecord::Check::Ok:
            if (pin.triesLeft() != before) {
                commitTries(card, reference);
            }
            return std::nullopt;
        }
        return ResponseApdu::status(sw::INTERNAL_ERROR);
    }

    ResponseApdu verify(Card& card, const CommandApdu& apdu)
    {
        const uint8_t reference = pinReference(apdu.p2);
        Session& session = card.session();
        if (apdu.p1 == 0xFF) {
            require(apdu.data.empty(), sw::WRONG_LENGTH);
            session.verified(reference) = false;
            return {};
        }
        require(apdu.p1 == 0x00, sw::WRONG_P1P2);
        const PinRecord& pin = card.state().pin(reference);
        if (apdu.data.empty()) {
            if (pin.blocked()) {
                return ResponseApdu::status(sw::PIN_BLOCKED);
            }
            return session.verified(reference) ? ResponseApdu {} : triesLeft(pin);
        }
        require(apdu.data.size() <= PIN_MAX_LENGTH, sw::WRONG_LENGTH);
        if (auto failed = checkPin(card, reference, apdu.data)) {
            return *failed;
        }
        session.verified(reference) = true;
        return {};
    }

    ResponseApdu changeReferenceData(Card& card, const CommandApdu& apdu)
    {
        require(apdu.p1 == 0x00, sw::WRONG_P1P2);
        const uint8_t reference = pinReference(apdu.p2);
        const auto fields = parseTlv(apdu.data);
        require(
            fields && fields->size() == 2 && (*fields)[0].tag == 0x81 && (*fields)[1].tag == 0x82,
            sw::WRONG_DATA);
        const Bytes& oldPin = (*fields)[0].value;
        const Bytes& newPin = (*fields)[1].value;
        require(!oldPin.empty() && oldPin.size() <= PIN_MAX_LENGTH && validNewPin(newPin),
            sw::WRONG_DATA);
        if (auto failed = checkPin(card, reference, oldPin)) {
            return *failed;
        }
        card.state().pin(reference).set(newPin);
        if (reference == PIN_USER) {
            reenrollUserCredential(card.state(), newPin);
        }
        card.commit();
        card.session().verified(reference) = true;
        return {};
    }

    ResponseApdu resetRetryCounter(Card& card, const CommandApdu& apdu)
    {
        require(apdu.p2 == PIN_USER, sw::WRONG_P1P2);
        require(apdu.p1 == 0x02 || apdu.p1 == 0x03, sw::WRONG_P1P2);
        if (apdu.p1 == 0x02) {
            require(!apdu.data.empty(), sw::WRONG_LENGTH);
            require(validNewPin(apdu.data), sw::WRONG_DATA);
        } else {
            require(apdu.data.empty(), sw::WRONG_LENGTH);
        }
        require(card.session().adminVerified, sw::SECURITY_NOT_SATISFIED);
        PinRecord& pin = card.state().userPin;
        if (apdu.p1 == 0x02) {
            pin.set(apdu.data);
            reenrollUserCredential(card.state(), apdu.data);
        } else {
            // C_2 / C_3 exhausted: SESPAKE stays blocked until a new PIN, so the PIN does too.
            require(unblockUserCredential(card.state()), sw::CONDITIONS_NOT_SATISFIED);
            pin.unblock();
        }
        card.commit();
        card.session().userVerified = false;
        return {};
    }

} // namespace

void addPinCommands(CommandTable& table)
{
    table.add({ 0x00, 0x20, verify, true });
    table.add({ 0x00, 0x24, changeReferenceData, true });
    table.add({ 0x00, 0x2C, resetRetryCounter, true });
}

} // namespace tokenbridge::vtoken
