#include "Card.hpp"

#include "ScardError.hpp"
#include "protocol/Error.hpp"

#include <cstring>

namespace tokenbridge::pcsc
{

namespace
{

    constexpr size_t RECEIVE_BUFFER_SIZE = CommandApdu::EXTENDED_MAX_LE + 2;
    // 64 KiB of 256-byte GET RESPONSE blocks plus slack: a card that never stops is broken.
    constexpr int MAX_GET_RESPONSE_ROUNDS = 300;

    // Command and response buffers may hold a PIN or key material: wipe them after use.
    void wipe(Bytes& bytes) noexcept
    {
        if (!bytes.empty()) {
            explicit_bzero(bytes.data(), bytes.size());
        }
    }

    size_t lengthFromSw2(uint8_t sw2)
    {
        return sw2 == 0 ? CommandApdu::SHORT_MAX_LE : sw2;
    }

} // namespace

Card::Transaction::Transaction(SCARDHANDLE handle) : _handle(handle) { }

Card::Transaction::~Transaction()
{
    // Fails harmlessly when the card is already gone.
    SCardEndTransaction(_handle, SCARD_LEAVE_CARD);
}

Card::Card(std::shared_ptr<const Context> context, std::string reader) :
    _context(std::move(context)), _reader(std::move(reader))
{
    checkScard("SCardConnect",
        SCardConnect(_context->handle(), _reader.c_str(), SCARD_SHARE_SHARED,
            SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &_handle, &_protocol));
}

Card::~Card()
{
    SCardDisconnect(_handle, SCARD_LEAVE_CARD);
}

Bytes Card::atr() const
{
    Bytes atr(MAX_ATR_SIZE);
    DWORD atrSize = DWORD(atr.size());
    DWORD state = 0;
    DWORD protocol = 0;
    DWORD nameSize = 0;
    checkScard("SCardStatus",
        SCardStatus(_handle, nullptr, &nameSize, &state, &protocol, atr.data(), &atrSize));
    atr.resize(atrSize);
    return atr;
}

Card::Transaction Card::beginTransaction()
{
    checkScard("SCardBeginTransaction", SCardBeginTransaction(_handle));
    return Transaction(_handle);
}

ResponseApdu Card::transmitRaw(std::span<const uint8_t> command)
{
    const SCARD_IO_REQUEST* pci = _protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    Bytes received(RECEIVE_BUFFER_SIZE);
    DWORD receivedSize = DWORD(received.size());
    const LONG rv = SCardTransmit(_handle, pci, command.data(), DWORD(command.size()), nullptr,
        received.data(), &receivedSize);
    if (rv != SCARD_S_SUCCESS) {
        wipe(received);
        throwScardError("SCardTransmit", rv);
    }
    // vpcd answers a command the card never answered (it went away) with nothing at all.
    if (receivedSize == 0) {
        throw RetryableError(
            protocol::ErrorCode::TOKEN_REMOVED, "SCardTransmit: no answer, the card was removed");
    }
    auto response = ResponseApdu::fromBytes(std::span(received).first(receivedSize));
    wipe(received);
    return response;
}

ResponseApdu Card::transmitFixingLe(const CommandApdu& command)
{
    auto bytes = command.toBytes();
    auto response = transmitRaw(bytes);
    wipe(bytes);
    if (response.sw1 != 0x6C) {
        return response;
    }
    auto retry = command;
    retry.le = lengthFromSw2(response.sw2);
    bytes = retry.toBytes();
    wipe(retry.data);
    response = transmitRaw(bytes);
    wipe(bytes);
    return response;
}

ResponseApdu Card::transmit(const CommandApdu& command)
{
    auto response = transmitFixingLe(command);
    for (int round = 0; response.sw1 == 0x61; ++round) {
        if (round == MAX_GET_RESPONSE_ROUNDS) {
            wipe(response.data);
            throw Error(protocol::ErrorCode::CARD_ERROR, "card keeps answering 61xx");
        }
        const CommandApdu getResponse { 0x00, 0xC0, 0x00, 0x00, {}, lengthFromSw2(response.sw2) };
        auto next = transmitFixingLe(getResponse);
        next.data.insert(next.data.begin(), response.data.begin(), response.data.end());
        wipe(response.data);
        response = std::move(next);
    }
    return response;
}

} // namespace tokenbridge::pcsc
