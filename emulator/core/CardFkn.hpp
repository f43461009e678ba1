#pragma once

#include "core/Apdu.hpp"

#include "fkn/FknTokenSession.hpp"

#include <optional>
#include <span>
#include <string>

namespace tokenbridge::vtoken
{

class Card;

// The token side of FKN mode on an FKN model (docs/fkn.md §2): SESPAKE (80 5A/5B/5C) against
// the user PIN's credential and protected APDUs (CLA 0C/8C), whose plain command runs through
// the card's ordinary command table with Session::fknProtected set. The live credential mirrors
// card.json's extensions.fkn.credential; counter changes are committed before the answer.
class CardFkn
{
public:
    explicit CardFkn(Card& card);
    CardFkn(const CardFkn&) = delete;
    CardFkn& operator=(const CardFkn&) = delete;

    // The answer to a SESPAKE or protected APDU; nullopt for every other APDU.
    std::optional<Bytes> process(std::span<const uint8_t> raw, const CommandApdu& apdu);
    // Power off, reset, removal: the session and any exchange in progress end.
    void reset() noexcept { _session.reset(); }
    // Follows the card state after a command changed it (PIN commands, rollback).
    void reload();
    bool established() const noexcept { return _session.established(); }

private:
    Bytes sespake(std::span<const uint8_t> raw, const CommandApdu& apdu);
    Bytes protectedCommand(std::span<const uint8_t> raw);
    void persist(const fkn::TokenCredential& credential);

    Card& _card;
    fkn::TokenCredential _credential;
    std::string _loadedHex; // empty: no credential (SESPAKE answers 6984)
    fkn::FknTokenSession _session;
};

} // namespace tokenbridge::vtoken
