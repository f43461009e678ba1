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
    if ((model_.features & FEATURE_FKN) != 0) {
        fkn_ = std::make_unique<CardFkn>(*this);
    }
}

void Card::endSession()
{
    session_ = Session {};
    if (fkn_) {
        fkn_->reset();
    }
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
        return ResponseApdu::status(sw::WRONG_LENGTH).encode();
    }
    if (fkn_) {
        if (auto answer = fkn_->process(bytes, *apdu)) {
            return *answer;
        }
    }
    const Bytes answer = dispatch(*apdu).encode();
    if (fkn_) {
        fkn_->reload(); // a PIN command may have moved the shared counter or set a new PIN
    }
    return answer;
}

ResponseApdu Card::dispatchProtected(const CommandApdu& apdu)
{
    session_.fknProtected = true;
    ResponseApdu response = dispatch(apdu);
    session_.fknProtected = false;
    return response;
}

ResponseApdu Card::dispatch(const CommandApdu& apdu)
{
    if (!commands_.knowsClass(apdu.cla)) {
        return ResponseApdu::status(sw::CLA_NOT_SUPPORTED);
    }
    const Command* command = commands_.find(apdu.cla, apdu.ins);
    if (command == nullptr) {
        return ResponseApdu::status(sw::INS_NOT_SUPPORTED);
    }
    if (command->mutates) {
        committed_ = state_;
    }
    ResponseApdu response;
    try {
        response = command->handler(*this, apdu);
    } catch (const CardError& e) {
        response = ResponseApdu::status(e.statusWord());
    } catch (const std::exception&) {
        response = ResponseApdu::status(sw::INTERNAL_ERROR);
    }
    if (committed_) {
        // Whatever the handler changed without committing never happened.
        state_ = std::move(*committed_);
        committed_.reset();
    }
    return response;
}

} // namespace tokenbridge::vtoken
