// The "SM-GOST v1" secure channel messages on both sides, and the APDU/envelope codecs under
// them. Unwrapping may refuse only with CARD_ERROR (and must then kill the channel); a wrapped
// message altered in any byte must be refused; an unaltered one must come out as it went in.
//
// Input: byte 0 picks the mode: 0 wrap/alter/unwrap rounds in both directions; 1 raw messages
// to the token; 2 raw messages to the host; 3 the APDU and envelope codecs on raw bytes.

#include "FuzzSupport.hpp"

#include "core/Apdu.hpp"
#include "fkn/SecureChannel.hpp"
#include "fkn/SmEnvelope.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::fkn;

namespace
{

constexpr size_t MAX_ROUNDS = 8;

SespakeResult exchange()
{
    SespakeResult result;
    result.key = crypto::SecureBuffer(Bytes(32, 0x42));
    result.macA = Bytes(32, 0xA1);
    result.macB = Bytes(32, 0xB2);
    return result;
}

Bytes bytesOf(const std::string& text)
{
    return { text.begin(), text.end() };
}

// Flips one byte, truncates or appends; false when the input asked for no change.
bool alter(Bytes& message, FuzzedDataProvider& input)
{
    switch (input.ConsumeIntegralInRange(0, 3)) {
    case 1:
        if (!message.empty()) {
            message[input.ConsumeIntegralInRange<size_t>(0, message.size() - 1)] ^=
                input.ConsumeIntegralInRange<uint8_t>(1, 255);
            return true;
        }
        return false;
    case 2:
        if (!message.empty()) {
            message.resize(input.ConsumeIntegralInRange<size_t>(0, message.size() - 1));
            return true;
        }
        return false;
    case 3:
        message.push_back(input.ConsumeIntegral<uint8_t>());
        return true;
    default:
        return false;
    }
}

CommandApdu commandFrom(FuzzedDataProvider& input)
{
    CommandApdu command;
    command.cla = input.ConsumeIntegral<uint8_t>() & 0xF0; // SM bits are the channel's
    command.ins = input.ConsumeIntegral<uint8_t>();
    command.p1 = input.ConsumeIntegral<uint8_t>();
    command.p2 = input.ConsumeIntegral<uint8_t>();
    command.data = bytesOf(input.ConsumeRandomLengthString(300));
    if (input.ConsumeBool()) {
        command.le = input.ConsumeIntegralInRange<uint32_t>(1, 65536);
    }
    return command;
}

void expectRefused(bool accepted, bool altered, const SecureChannel& receiver)
{
    if (altered) {
        fuzz::check(!accepted, "an altered message was accepted");
        fuzz::check(!receiver.alive(), "the channel lives on after a refused message");
    } else {
        fuzz::check(accepted, "an unaltered message was refused");
    }
}

void rounds(FuzzedDataProvider& input)
{
    SecureChannel host(exchange(), ChannelRole::Host);
    SecureChannel token(exchange(), ChannelRole::Token);
    for (size_t round = 0; round < MAX_ROUNDS && input.remaining_bytes() > 0; ++round) {
        const auto command = commandFrom(input);
        auto wrapped = host.wrapCommand(command);
        const bool commandAltered = alter(wrapped, input);
        CommandApdu received;
        const bool commandOk = fuzz::refusesOnly(
            { ErrorCode::CARD_ERROR }, [&] { received = token.unwrapCommand(wrapped); });
        expectRefused(commandOk, commandAltered, token);
        if (!commandOk) {
            return;
        }
        fuzz::check(received.cla == command.cla && received.ins == command.ins
                && received.p1 == command.p1 && received.p2 == command.p2
                && received.data == command.data && received.le == command.le,
            "the command changed on the way");

        ResponseApdu response { bytesOf(input.ConsumeRandomLengthString(300)),
            input.ConsumeIntegral<uint16_t>() };
        auto wrappedResponse = token.wrapResponse(response);
        const bool responseAltered = alter(wrappedResponse, input);
        ResponseApdu answer;
        const bool responseOk = fuzz::refusesOnly(
            { ErrorCode::CARD_ERROR }, [&] { answer = host.unwrapResponse(wrappedResponse); });
        expectRefused(responseOk, responseAltered, host);
        if (!responseOk) {
            return;
        }
        fuzz::check(answer.data == response.data && answer.sw == response.sw,
            "the response changed on the way");
    }
}

void rawMessages(FuzzedDataProvider& input, ChannelRole role)
{
    SecureChannel channel(exchange(), role);
    while (input.remaining_bytes() > 0) {
        const auto message = bytesOf(input.ConsumeRandomLengthString(400));
        const bool ok = fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] {
            if (role == ChannelRole::Token) {
                (void)channel.unwrapCommand(message);
            } else {
                (void)channel.unwrapResponse(message);
            }
        });
        fuzz::check(ok == channel.alive(), "refusal and channel state disagree");
    }
}

void codecs(FuzzedDataProvider& input)
{
    const auto raw = input.ConsumeRemainingBytes<uint8_t>();
    if (const auto command = CommandApdu::parse(raw)) {
        const auto encoded = command->encode();
        fuzz::check(
            CommandApdu::parse(encoded).value().encode() == encoded, "command APDU round trip");
    }
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR },
        [&] { fuzz::check(ResponseApdu::parse(raw).encode() == raw, "response APDU round trip"); });
    for (const bool command : { true, false }) {
        fuzz::refusesOnly({ ErrorCode::INVALID_PARAMS }, [&] {
            const auto encoded = SmEnvelope::parse(raw, command).encode(command);
            fuzz::check(SmEnvelope::parse(encoded, command).encode(command) == encoded,
                "envelope round trip");
        });
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzedDataProvider input(data, size);
    switch (input.ConsumeIntegralInRange(0, 3)) {
    case 1:
        rawMessages(input, ChannelRole::Token);
        break;
    case 2:
        rawMessages(input, ChannelRole::Host);
        break;
    case 3:
        codecs(input);
        break;
    default:
        rounds(input);
        break;
    }
    return 0;
}
