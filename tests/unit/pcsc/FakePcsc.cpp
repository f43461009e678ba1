#include "FakePcsc.hpp"

#include <algorithm>
#include <cstring>

namespace tokenbridge::pcsc::test
{

std::recursive_mutex& lock()
{
    static std::recursive_mutex instance;
    return instance;
}

State& state()
{
    static State instance;
    return instance;
}

void reset()
{
    std::lock_guard guard(lock());
    state() = State {};
}

ReaderState* readerOf(SCARDHANDLE card)
{
    const auto handle = state().handles.find(card);
    if (handle == state().handles.end()) {
        return nullptr;
    }
    for (auto& reader : state().readers) {
        if (reader.name == handle->second) {
            return &reader;
        }
    }
    return nullptr;
}

} // namespace tokenbridge::pcsc::test

using tokenbridge::pcsc::test::readerOf;
using tokenbridge::pcsc::test::state;

#define FAKE_LOCKED std::lock_guard fakeGuard(tokenbridge::pcsc::test::lock())

LONG SCardEstablishContext(DWORD, LPCVOID, LPCVOID, LPSCARDCONTEXT context)
{
    FAKE_LOCKED;
    if (state().establishResult != SCARD_S_SUCCESS) {
        return state().establishResult;
    }
    *context = 0x1000 + ++state().established;
    return SCARD_S_SUCCESS;
}

LONG SCardReleaseContext(SCARDCONTEXT)
{
    FAKE_LOCKED;
    ++state().released;
    return SCARD_S_SUCCESS;
}

LONG SCardCancel(SCARDCONTEXT)
{
    FAKE_LOCKED;
    return SCARD_S_SUCCESS;
}

LONG SCardListReaders(SCARDCONTEXT, LPCSTR, LPSTR readers, LPDWORD size)
{
    FAKE_LOCKED;
    if (state().listResult != SCARD_S_SUCCESS) {
        return state().listResult;
    }
    std::string multi;
    for (const auto& reader : state().readers) {
        multi += reader.name + '\0';
    }
    multi += '\0';
    if (readers) {
        if (*size < multi.size()) {
            return SCARD_E_INSUFFICIENT_BUFFER;
        }
        std::memcpy(readers, multi.data(), multi.size());
    }
    *size = DWORD(multi.size());
    return SCARD_S_SUCCESS;
}

// As pcsc-lite: at most 16 states; returns at once with the states that differ from what the
// caller knows (never waits: a timeout is reported immediately).
LONG SCardGetStatusChange(SCARDCONTEXT, DWORD, SCARD_READERSTATE* states, DWORD count)
{
    FAKE_LOCKED;
    if (count > PCSCLITE_MAX_READERS_CONTEXTS) {
        return SCARD_E_INVALID_PARAMETER;
    }
    if (auto& results = state().statusChangeResults; !results.empty()) {
        const LONG result = results.front();
        results.pop_front();
        return result;
    }
    bool anyChange = false;
    for (DWORD i = 0; i < count; ++i) {
        const auto& readers = state().readers;
        DWORD now = SCARD_STATE_UNKNOWN;
        const auto found = std::find_if(readers.begin(), readers.end(),
            [&](const auto& reader) { return reader.name == states[i].szReader; });
        if (std::string(states[i].szReader) == "\\\\?PnP?\\Notification") {
            now = DWORD(readers.size()) << 16;
        } else if (found != readers.end()) {
            now = found->eventState;
            states[i].cbAtr = DWORD(found->atr.size());
            std::copy(found->atr.begin(), found->atr.end(), states[i].rgbAtr);
        }
        const bool changed = now != (states[i].dwCurrentState & ~SCARD_STATE_CHANGED);
        states[i].dwEventState = now | (changed ? SCARD_STATE_CHANGED : 0);
        anyChange = anyChange || changed;
    }
    return anyChange ? SCARD_S_SUCCESS : SCARD_E_TIMEOUT;
}

LONG SCardConnect(
    SCARDCONTEXT, LPCSTR readerName, DWORD, DWORD, LPSCARDHANDLE card, LPDWORD protocol)
{
    FAKE_LOCKED;
    if (state().connectResult != SCARD_S_SUCCESS) {
        return state().connectResult;
    }
    for (const auto& reader : state().readers) {
        if (reader.name == readerName && reader.connectResult != SCARD_S_SUCCESS) {
            return reader.connectResult;
        }
        if (reader.name == readerName && !(reader.eventState & SCARD_STATE_PRESENT)) {
            return SCARD_E_NO_SMARTCARD;
        }
    }
    *card = 0x2000 + ++state().connected;
    state().handles[*card] = readerName;
    *protocol = state().protocol;
    return SCARD_S_SUCCESS;
}

LONG SCardDisconnect(SCARDHANDLE, DWORD)
{
    FAKE_LOCKED;
    ++state().disconnected;
    return SCARD_S_SUCCESS;
}

LONG SCardBeginTransaction(SCARDHANDLE)
{
    FAKE_LOCKED;
    ++state().begun;
    return SCARD_S_SUCCESS;
}

LONG SCardEndTransaction(SCARDHANDLE, DWORD)
{
    FAKE_LOCKED;
    ++state().ended;
    return SCARD_S_SUCCESS;
}

LONG SCardStatus(SCARDHANDLE card, LPSTR, LPDWORD, LPDWORD, LPDWORD, LPBYTE atr, LPDWORD atrSize)
{
    FAKE_LOCKED;
    const auto* reader = readerOf(card);
    const auto& cardAtr = reader ? reader->atr : state().readers.at(0).atr;
    std::copy(cardAtr.begin(), cardAtr.end(), atr);
    *atrSize = DWORD(cardAtr.size());
    return SCARD_S_SUCCESS;
}

LONG SCardTransmit(SCARDHANDLE card, const SCARD_IO_REQUEST*, LPCBYTE command, DWORD commandSize,
    SCARD_IO_REQUEST*, LPBYTE response, LPDWORD responseSize)
{
    FAKE_LOCKED;
    ++state().transmitted;
    if (state().transmitResult != SCARD_S_SUCCESS) {
        return state().transmitResult;
    }
    const tokenbridge::Bytes sent(command, command + commandSize);
    if (const auto* reader = readerOf(card); reader && reader->card) {
        const auto answer = reader->card(sent);
        std::copy(answer.begin(), answer.end(), response);
        *responseSize = DWORD(answer.size());
        return SCARD_S_SUCCESS;
    }
    auto& exchanges = state().exchanges;
    if (exchanges.empty() || exchanges.front().first != sent) {
        state().unexpected.push_back(sent);
        response[0] = 0x6F;
        response[1] = 0x00;
        *responseSize = 2;
        return SCARD_S_SUCCESS;
    }
    const auto answer = exchanges.front().second;
    exchanges.pop_front();
    if (answer.size() > *responseSize) {
        return SCARD_E_INSUFFICIENT_BUFFER;
    }
    std::copy(answer.begin(), answer.end(), response);
    *responseSize = DWORD(answer.size());
    return SCARD_S_SUCCESS;
}
