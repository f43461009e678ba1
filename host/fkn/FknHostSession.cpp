#include "FknHostSession.hpp"

#include "FknApdu.hpp"
#include "SespakeHost.hpp"
#include "core/Error.hpp"

namespace tokenbridge::fkn
{

namespace
{

    Bytes exchange(const Transmit& transmit, std::uint8_t ins, Bytes data)
    {
        const CommandApdu command { FKN_CLA, ins, 0x00,
            ins == INS_SESPAKE_START ? SESPAKE_P2_USER : std::uint8_t { 0 }, std::move(data), 256 };
        const Bytes raw = transmit(command.encode());
        // The token's answer: too short is the card's fault (or its removal), not the caller's.
        if (raw.empty()) {
            throw RetryableError(ErrorCode::TOKEN_REMOVED, "the token went away during SESPAKE");
        }
        if (raw.size() < 2) {
            throw CardError("the token's answer is too short");
        }
        const ResponseApdu response = ResponseApdu::parse(raw);
        throwForStatusWord(response.sw);
        return response.data;
    }

    // The parameters come from the token: a malformed answer is the card's fault, not the
    // caller's request (decode throws INVALID_PARAMS for what it refuses).
    SespakeParams tokenParams(const Bytes& answer)
    {
        try {
            return SespakeParams::decode(answer);
        } catch (const RequestError&) {
            throw CardError("the token sent malformed SESPAKE parameters");
        }
    }

} // namespace

SecureChannel openFknSession(const Transmit& transmit, ByteView pin, const ScalarSource& scalars)
{
    SespakeHost host(pin, { DEFAULT_ID, DEFAULT_ID + 4 }, scalars);
    const SespakeParams params = tokenParams(exchange(transmit, INS_SESPAKE_START, host.idA()));
    const Bytes u1 = host.onParams(params);
    const Bytes u2 = exchange(transmit, INS_SESPAKE_EXCHANGE, u1);
    const Bytes macA = host.onTokenPoint(u2);
    const Bytes macB = exchange(transmit, INS_SESPAKE_CONFIRM, macA);
    return SecureChannel(host.onTokenConfirm(macB), ChannelRole::Host);
}

std::optional<int> sespakeTriesLeft(const Transmit& transmit)
{
    const CommandApdu command { FKN_CLA, INS_SESPAKE_START, 0x00, SESPAKE_P2_USER, {},
        std::nullopt };
    const Bytes raw = transmit(command.encode());
    if (raw.size() < 2) {
        throw RetryableError(ErrorCode::TOKEN_REMOVED, "the token went away during SESPAKE");
    }
    const std::uint16_t sw = ResponseApdu::parse(raw).sw;
    if ((sw & 0xFFF0) == 0x63C0) {
        return sw & 0x0F;
    }
    if (sw == SW_PIN_BLOCKED) {
        return 0;
    }
    return std::nullopt;
}

ResponseApdu transmitProtected(
    SecureChannel& channel, const Transmit& transmit, const CommandApdu& command)
{
    const Bytes wire = channel.wrapCommand(command);
    return channel.unwrapResponse(transmit(wire));
}

} // namespace tokenbridge::fkn
