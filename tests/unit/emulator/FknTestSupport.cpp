#include "FknTestSupport.hpp"

#include "core/Bytes.hpp"

namespace tokenbridge::vtoken::test
{

fkn::Transmit transmitTo(Card& card)
{
    return [&card](ByteView apdu) { return card.process(apdu); };
}

fkn::SecureChannel openSession(Card& card, std::string_view pin)
{
    return fkn::openFknSession(transmitTo(card), asBytes(pin));
}

CommandApdu command(std::string_view hex)
{
    return CommandApdu::parse(fromHex(hex)).value();
}

ResponseApdu sendProtected(fkn::SecureChannel& channel, Card& card, std::string_view hex)
{
    return fkn::transmitProtected(channel, transmitTo(card), command(hex));
}

std::optional<SespakeFailure> trySespake(Card& card, std::string_view pin)
{
    try {
        openSession(card, pin);
        return std::nullopt;
    } catch (const Error& e) {
        const auto& details = e.details();
        return SespakeFailure { e.code(),
            details.is_object() ? details.value("retriesLeft", -1) : -1 };
    }
}

} // namespace tokenbridge::vtoken::test
