#include "CardFkn.hpp"

#include "Card.hpp"
#include "FknCredential.hpp"
#include "StatusWords.hpp"

#include "fkn/FknApdu.hpp"

#include <algorithm>

namespace tokenbridge::vtoken
{

namespace
{

    constexpr uint8_t CLA_PROTECTED_ISO = 0x0C;
    constexpr uint8_t CLA_PROTECTED_PROPRIETARY = 0x8C;

    Bytes status(uint16_t sw)
    {
        return ResponseApdu::status(sw).encode();
    }

    bool isSespake(const CommandApdu& apdu)
    {
        return apdu.cla == fkn::FKN_CLA && apdu.ins >= fkn::INS_SESPAKE_START
            && apdu.ins <= fkn::INS_SESPAKE_CONFIRM;
    }

    std::string credentialHex(const CardState& state)
    {
        const auto fkn = state.extensions.find("fkn");
        if (fkn == state.extensions.end() || !fkn->contains("credential")) {
            return {};
        }
        return fkn->at("credential").get<std::string>();
    }

} // namespace

CardFkn::CardFkn(Card& card) :
    _card(card), _session(_credential, [this](const fkn::TokenCredential& c) { persist(c); })
{
    reload();
}

void CardFkn::reload()
{
    const std::string hex = credentialHex(_card.state());
    if (hex == _loadedHex) {
        return;
    }
    fkn::TokenCredential next;
    if (!hex.empty()) {
        next = fkn::TokenCredential::parse(fromHex(hex));
    }
    const bool newSecret = hex.empty() || next.qpw != _credential.qpw
        || next.params.encode() != _credential.params.encode();
    _credential = std::move(next);
    _loadedHex = hex;
    // A new PIN (new salt, Q_PW) ends an exchange still running against the old one; an
    // established channel stays (it may be the one the PIN was changed through).
    if (newSecret && !_session.established()) {
        _session.reset();
    }
}

void CardFkn::persist(const fkn::TokenCredential& credential)
{
    followCredentialCounters(_card.state(), credential);
    _card.commit();
    reload();
}

std::optional<Bytes> CardFkn::process(std::span<const uint8_t> raw, const CommandApdu& apdu)
{
    if (apdu.cla == CLA_PROTECTED_ISO || apdu.cla == CLA_PROTECTED_PROPRIETARY) {
        return protectedCommand(raw);
    }
    if (isSespake(apdu)) {
        return sespake(raw, apdu);
    }
    return std::nullopt;
}

Bytes CardFkn::sespake(std::span<const uint8_t> raw, const CommandApdu& apdu)
{
    if (apdu.p1 != 0x00
        || apdu.p2 != (apdu.ins == fkn::INS_SESPAKE_START ? fkn::SESPAKE_P2_USER : 0x00)) {
        return status(sw::WRONG_P1P2);
    }
    if (_loadedHex.empty()) {
        _session.reset();
        return status(sw::REFERENCE_DATA_UNUSABLE);
    }
    const auto parsed = CommandApdu::parse(raw);
    if (!parsed) {
        _session.reset();
        return status(sw::WRONG_LENGTH);
    }
    const CommandApdu& command = *parsed;
    const CardState before = _card.state();
    try {
        auto response = _session.handleSespake(command);
        if (!response) {
            return status(sw::INS_NOT_SUPPORTED);
        }
        if ((response->sw & 0xFFF0) == sw::PIN_WRONG) {
            // The tries SESPAKE has left: C_1, never more than the user PIN's (0 when C_2/C_3
            // ran out too).
            const auto credential = loadFknCredential(_card.state());
            const uint32_t c1 = credential ? credential->counters.consecutive : 0;
            response->sw = static_cast<uint16_t>(
                sw::PIN_WRONG | std::min<uint32_t>({ _card.state().userPin.triesLeft(), c1, 15 }));
        }
        return response->encode();
    } catch (const std::exception&) {
        // The counters could not be written: nothing happened, and the exchange is over.
        _card.state() = before;
        _session.reset();
        reload();
        return status(sw::INTERNAL_ERROR);
    }
}

Bytes CardFkn::protectedCommand(std::span<const uint8_t> raw)
{
    const auto inner = [this](const CommandApdu& plain) {
        const auto apdu = CommandApdu::parse(plain.encode());
        if (!apdu) {
            return ResponseApdu { {}, sw::WRONG_LENGTH };
        }
        const ResponseApdu response = _card.dispatchProtected(*apdu);
        reload();
        return ResponseApdu { response.data, response.sw };
    };
    try {
        return _session.handleProtected(raw, inner);
    } catch (const std::exception&) {
        // The channel could not answer (e.g. its counter ran out): the session is over.
        _session.reset();
        return status(fkn::SW_SM_FAILED);
    }
}

} // namespace tokenbridge::vtoken
