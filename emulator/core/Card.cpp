#include "Card.hpp"

#include "CardError.hpp"
#include "StatusWords.hpp"

namespace tokenbridge::vtoken
{

Card::Card(const Model& model, Connection connection, CardState state, Persist persist,
    CommandTable commands) :
    _model(model),
    _connection(connection), _state(std::move(state)), _persist(std::move(persist)),
    _commands(std::move(commands))
{
    if ((_model.features & FEATURE_FKN) != 0) {
        _fkn = std::make_unique<CardFkn>(*this);
    }
}

void Card::endSession()
{
    _session = Session {};
    if (_fkn) {
        _fkn->reset();
    }
}

Bytes Card::atr() const
{
    return atrFor(_model, _connection, _state.serial);
}

void Card::commit()
{
    if (_persist) {
        _persist(_state);
    }
    if (_committed) {
        *_committed = _state;
    }
}

Bytes Card::process(std::span<const uint8_t> bytes)
{
    const auto apdu = CommandApdu::parse(bytes);
    if (!apdu) {
        return ResponseApdu::status(sw::WRONG_LENGTH).encode();
    }
    if (_fkn) {
        if (auto answer = _fkn->process(bytes, *apdu)) {
            return *answer;
        }
    }
    const Bytes answer = dispatch(*apdu).encode();
    if (_fkn) {
        _fkn->reload(); // a PIN command may have moved the shared counter or set a new PIN
    }
    return answer;
}

ResponseApdu Card::dispatchProtected(const CommandApdu& apdu)
{
    _session.fknProtected = true;
    ResponseApdu response = dispatch(apdu);
    _session.fknProtected = false;
    return response;
}

ResponseApdu Card::dispatch(const CommandApdu& apdu)
{
    if (!_commands.knowsClass(apdu.cla)) {
        return ResponseApdu::status(sw::CLA_NOT_SUPPORTED);
    }
    const Command* command = _commands.find(apdu.cla, apdu.ins);
    if (command == nullptr) {
        return ResponseApdu::status(sw::INS_NOT_SUPPORTED);
    }
    if (command->mutates) {
        _committed = _state;
    }
    ResponseApdu response;
    try {
        response = command->handler(*this, apdu);
    } catch (const CardError& e) {
        response = ResponseApdu::status(e.statusWord());
    } catch (const std::exception&) {
        response = ResponseApdu::status(sw::INTERNAL_ERROR);
    }
    if (_committed) {
        // Whatever the handler changed without committing never happened.
        _state = std::move(*_committed);
        _committed.reset();
    }
    return response;
}

} // namespace tokenbridge::vtoken
