#include "Card.hpp"

#include "CardError.hpp"
#include "StatusWords.hpp"

namespace tokenbridge::vtoken
{

Card::Card(const Model& model, Connection connection, CardState state, Persist persist,
    CommandTable commands) :
    model_(model),
    connection_(connection), state_(std::move(state)), persist_(std::move(persist)),
    commands_(std::move(commands))
{
}

Bytes Card::atr() const
{
    return atrFor(model_, connection_, state_.serial);
}

void Card::commit()
{
    if (persist_) {
        persist_(state_);
    }
    if (committed_) {
        *committed_ = state_;
    }
}

Bytes Card::process(std::span<const uint8_t> bytes)
{
    const auto apdu = CommandApdu::parse(bytes);
    if (!apdu) {
        return Response::status(sw::WRONG_LENGTH).toBytes();
    }
    return dispatch(*apdu).toBytes();
}

Response Card::dispatch(const CommandApdu& apdu)
{
    if (!commands_.knowsClass(apdu.cla)) {
        return Response::status(sw::CLA_NOT_SUPPORTED);
    }
    const Command* command = commands_.find(apdu.cla, apdu.ins);
    if (command == nullptr) {
        return Response::status(sw::INS_NOT_SUPPORTED);
    }
    if (command->mutates) {
        committed_ = state_;
    }
    Response response;
    try {
        response = command->handler(*this, apdu);
    } catch (const CardError& e) {
        response = Response::status(e.statusWord());
    } catch (const std::exception&) {
        response = Response::status(sw::INTERNAL_ERROR);
    }
    if (committed_) {
        // Whatever the handler changed without committing never happened.
        state_ = std::move(*committed_);
        committed_.reset();
    }
    return response;
}

} // namespace tokenbridge::vtoken
