#pragma once

#include "core/Apdu.hpp"
#include "CardFkn.hpp"
#include "CardState.hpp"
#include "CommandTable.hpp"
#include "Model.hpp"
#include "Session.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace tokenbridge::vtoken
{

// The card OS: APDU bytes in, response bytes out. Knows nothing about vpcd or files on disk;
// `persist` is called with the new state whenever a command commits a change.
class Card
{
public:
    using Persist = std::function<void(const CardState&)>;

    Card(const Model& model, Connection connection, CardState state, Persist persist,
        CommandTable commands = standardCommands());
    // The FKN part keeps a reference to its card.
    Card(const Card&) = delete;
    Card& operator=(const Card&) = delete;

    Bytes atr() const;
    // Power off, power on and reset all end the session (security state, current file, FKN
    // session).
    void powerOff() { endSession(); }
    void powerOn() { endSession(); }
    void reset() { endSession(); }

    Bytes process(std::span<const uint8_t> apdu);

    // For command handlers.
    const Model& model() const { return _model; }
    Connection connection() const { return _connection; }
    CardState& state() { return _state; }
    const CardState& state() const { return _state; }
    Session& session() { return _session; }
    // Writes the state; throws if it cannot, and the command then fails with 6F00 and its
    // changes are rolled back.
    void commit();
    // Runs a command that arrived protected inside the FKN session (CardFkn).
    ResponseApdu dispatchProtected(const CommandApdu& apdu);
    // Null on models without FEATURE_FKN.
    const CardFkn* fkn() const { return _fkn.get(); }
    // --hide-token-info: our token-info object is not there (GET DATA 6A88), as on a real card;
    // the vendor information (80 30) stays.
    void hideTokenInfo(bool hide) { _tokenInfoHidden = hide; }
    bool tokenInfoHidden() const { return _tokenInfoHidden; }

private:
    ResponseApdu dispatch(const CommandApdu& apdu);
    void endSession();

    const Model& _model;
    Connection _connection;
    CardState _state;
    Persist _persist;
    CommandTable _commands;
    Session _session;
    std::optional<CardState> _committed; // rollback point while a mutating command runs
    std::unique_ptr<CardFkn> _fkn;
    bool _tokenInfoHidden = false;
};

} // namespace tokenbridge::vtoken
