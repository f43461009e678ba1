#include "PcscTiming.hpp"

#include "Stats.hpp"

#include <dlfcn.h>
#include <winscard.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace
{

std::mutex lock;
tokenbridge::bench::PcscCounters counters;

template <typename Function> Function real(const char* name)
{
    void* symbol = dlsym(RTLD_NEXT, name);
    if (symbol == nullptr) {
        std::fprintf(stderr, "PcscTiming: %s not found in libpcsclite\n", name);
        std::abort();
    }
    return reinterpret_cast<Function>(symbol);
}

// Calls the real function and adds its wall time.
template <typename Function, typename... Args> LONG timed(Function function, Args... args)
{
    const auto start = tokenbridge::bench::Clock::now();
    const LONG result = function(args...);
    const double ms = tokenbridge::bench::msSince(start);
    const std::lock_guard guard(lock);
    counters.ms += ms;
    return result;
}

} // namespace

namespace tokenbridge::bench
{

PcscCounters pcscCounters()
{
    const std::lock_guard guard(lock);
    return counters;
}

} // namespace tokenbridge::bench

extern "C" {

LONG SCardTransmit(SCARDHANDLE card, const SCARD_IO_REQUEST* sendPci, LPCBYTE send,
    DWORD sendLength, SCARD_IO_REQUEST* receivePci, LPBYTE receive, LPDWORD receiveLength)
{
    static const auto function = real<decltype(&SCardTransmit)>("SCardTransmit");
    if (sendLength >= 2) {
        const std::lock_guard guard(lock);
        ++counters.apdus;
        counters.sespakeStarts += send[0] == 0x80 && send[1] == 0x5A ? 1 : 0;
        counters.protectedApdus += (send[0] & 0x0C) == 0x0C ? 1 : 0;
    }
    return timed(function, card, sendPci, send, sendLength, receivePci, receive, receiveLength);
}

LONG SCardBeginTransaction(SCARDHANDLE card)
{
    static const auto function = real<decltype(&SCardBeginTransaction)>("SCardBeginTransaction");
    return timed(function, card);
}

LONG SCardEndTransaction(SCARDHANDLE card, DWORD disposition)
{
    static const auto function = real<decltype(&SCardEndTransaction)>("SCardEndTransaction");
    return timed(function, card, disposition);
}

LONG SCardConnect(SCARDCONTEXT context, LPCSTR reader, DWORD shareMode, DWORD protocols,
    LPSCARDHANDLE card, LPDWORD activeProtocol)
{
    static const auto function = real<decltype(&SCardConnect)>("SCardConnect");
    return timed(function, context, reader, shareMode, protocols, card, activeProtocol);
}

LONG SCardDisconnect(SCARDHANDLE card, DWORD disposition)
{
    static const auto function = real<decltype(&SCardDisconnect)>("SCardDisconnect");
    return timed(function, card, disposition);
}

LONG SCardStatus(SCARDHANDLE card, LPSTR readerName, LPDWORD readerLength, LPDWORD state,
    LPDWORD protocol, LPBYTE atr, LPDWORD atrLength)
{
    static const auto function = real<decltype(&SCardStatus)>("SCardStatus");
    return timed(function, card, readerName, readerLength, state, protocol, atr, atrLength);
}

} // extern "C"
