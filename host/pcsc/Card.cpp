#include "Card.hpp"

#include "ScardError.hpp"
#include "core/Error.hpp"

#include <cstring>

namespace tokenbridge::pcsc
{

namespace
{

    constexpr size_t RECEIVE_BUFFER_SIZE = CommandApdu::EXTENDED_MAX_LE + 2;
    // 64 KiB of 256-byte GET RESPONSE blocks plus slack: a card that never stops is broken.
    constexpr int MAX_GET_RESPONSE_ROUNDS = 300;

    // Command and response buffers may hold a PIN (VERIFY, CHANGE REFERENCE DATA) or key
    // material: every copy is wiped when it is no longer needed, on every path out, exceptions
    // included. explicit_bzero is never optimized away (as OPENSSL_cleanse; no OpenSSL here).
    void wipe(Bytes& bytes) noexcept
    {
        if (!bytes.empty()) {
            explicit_bzero(bytes.data(), bytes.size());
        }
    }

    class WipeOnExit
    {
    public:
        explicit WipeOnExit(Bytes& bytes) noexcept : _bytes(bytes) { }
        ~WipeOnExit() { wipe(_bytes); }
        WipeOnExit(const WipeOnExit&) = delete;
        WipeOnExit& operator=(const WipeOnExit&) = delete;

    private:
        Bytes& _bytes;
    };

    // `head` followed by `tail` in a new buffer; both inputs are wiped (a vector insert that
    // reallocates would free the old buffer unwiped).
    Bytes joinWiping(Bytes& head, Bytes& tail)
    {
        Bytes joined;
        joined.reserve(head.size() + tail.size());
        joined.insert(joined.end(), head.begin(), head.end());
        joined.insert(joined.end(), tail.begin(), tail.end());
        wipe(head);
        wipe(tail);
        return joined;
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
    const WipeOnExit wipeReceived(received);
    DWORD receivedSize = DWORD(received.size());
    const LONG rv = SCardTransmit(_handle, pci, command.data(), DWORD(command.size()), nullptr,
        received.data(), &receivedSize);
    if (rv != SCARD_S_SUCCESS) {
        throwScardError("SCardTransmit", rv);
    }
    // vpcd answers a command the card never answered (it went away) with nothing at all.
    if (receivedSize == 0) {
        throw RetryableError(
            ErrorCode::TOKEN_REMOVED, "SCardTransmit: no answer, the card was removed");
    }
    return ResponseApdu::parse(std::span(received).first(receivedSize));
}

ResponseApdu Card::transmitFixingLe(const CommandApdu& command)
{
    ResponseApdu response;
    {
        auto bytes = command.encode();
        const WipeOnExit wipeBytes(bytes);
        response = transmitRaw(bytes);
    }
    if (response.sw1() != 0x6C) {
        return response;
    }
    auto retry = command;
    const WipeOnExit wipeRetry(retry.data);
    retry.le = lengthFromSw2(response.sw2());
    auto bytes = retry.encode();
    const WipeOnExit wipeBytes(bytes);
    wipe(response.data);
    response = transmitRaw(bytes);
    return response;
}

ResponseApdu Card::transmit(const CommandApdu& command)
{
    auto response = transmitFixingLe(command);
    try {
        for (int round = 0; response.sw1() == 0x61; ++round) {
            if (round == MAX_GET_RESPONSE_ROUNDS) {
                throw CardError("card keeps answering 61xx");
            }
            const CommandApdu getResponse { 0x00, 0xC0, 0x00, 0x00, {},
                lengthFromSw2(response.sw2()) };
            auto next = transmitFixingLe(getResponse);
            next.data = joinWiping(response.data, next.data);
            response = std::move(next);
        }
    } catch (...) {
        wipe(response.data);
        throw;
    }
    return response;
}

} // namespace tokenbridge::pcsc
