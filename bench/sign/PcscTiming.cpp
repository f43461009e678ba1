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

// The object (executable or shared library) an address lies in, by its load address.
const void* objectOf(const void* address)
{
    Dl_info info {};
    return dladdr(address, &info) != 0 ? info.dli_fbase : nullptr;
}

// Whether the address (__builtin_return_address(0) of an interposed function) lies in the
// executable, where `counters` lives: the host's call; else another object's, the module's.
bool fromHost(const void* returnAddress)
{
    static const void* const executable = objectOf(&counters);
    return objectOf(returnAddress) == executable;
}

tokenbridge::bench::PcscCallerCounters& callerCounters(bool host)
{
    return host ? counters.host : counters.module;
}

template <typename Field> void count(const void* returnAddress, Field field)
{
    const bool host = fromHost(returnAddress);
    const std::lock_guard guard(lock);
    ++(callerCounters(host).*field);
}

using Counters = tokenbridge::bench::PcscCallerCounters;

} // namespace

namespace tokenbridge::bench
{

PcscCounters pcscCounters()
{
    const std::lock_guard guard(lock);
    return counters;
}

PcscCallerCounters operator-(const PcscCallerCounters& after, const PcscCallerCounters& before)
{
    return { after.listings - before.listings, after.snapshots - before.snapshots,
        after.connects - before.connects, after.transactions - before.transactions,
        after.apdus - before.apdus };
}

PcscCounters operator-(const PcscCounters& after, const PcscCounters& before)
{
    return { after.ms - before.ms, after.apdus - before.apdus,
        after.sespakeStarts - before.sespakeStarts, after.protectedApdus - before.protectedApdus,
        after.host - before.host, after.module - before.module };
}

std::string formatCounts(const PcscCallerCounters& counters)
{
    return std::to_string(counters.listings) + "/" + std::to_string(counters.snapshots) + "/"
        + std::to_string(counters.connects) + "/" + std::to_string(counters.transactions) + "/"
        + std::to_string(counters.apdus);
}

} // namespace tokenbridge::bench

extern "C" {

LONG SCardTransmit(SCARDHANDLE card, const SCARD_IO_REQUEST* sendPci, LPCBYTE send,
    DWORD sendLength, SCARD_IO_REQUEST* receivePci, LPBYTE receive, LPDWORD receiveLength)
{
    static const auto function = real<decltype(&SCardTransmit)>("SCardTransmit");
    if (sendLength >= 2) {
        const bool host = fromHost(__builtin_return_address(0));
        const std::lock_guard guard(lock);
        ++counters.apdus;
        ++callerCounters(host).apdus;
        counters.sespakeStarts += send[0] == 0x80 && send[1] == 0x5A ? 1 : 0;
        counters.protectedApdus += (send[0] & 0x0C) == 0x0C ? 1 : 0;
    }
    return timed(function, card, sendPci, send, sendLength, receivePci, receive, receiveLength);
}

LONG SCardBeginTransaction(SCARDHANDLE card)
{
    static const auto function = real<decltype(&SCardBeginTransaction)>("SCardBeginTransaction");
    count(__builtin_return_address(0), &Counters::transactions);
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
    count(__builtin_return_address(0), &Counters::connects);
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

// Counted, not timed: the published channel figure (docs/benchmarks.md) is the card calls'.
LONG SCardListReaders(SCARDCONTEXT context, LPCSTR groups, LPSTR readers, LPDWORD readersLength)
{
    static const auto function = real<decltype(&SCardListReaders)>("SCardListReaders");
    if (readers != nullptr) { // not the size query
        count(__builtin_return_address(0), &Counters::listings);
    }
    return function(context, groups, readers, readersLength);
}

// Counted when a snapshot (zero timeout), never timed: a blocking wait is no PC/SC work.
LONG SCardGetStatusChange(
    SCARDCONTEXT context, DWORD timeoutMs, SCARD_READERSTATE* states, DWORD stateCount)
{
    static const auto function = real<decltype(&SCardGetStatusChange)>("SCardGetStatusChange");
    if (timeoutMs == 0) {
        count(__builtin_return_address(0), &Counters::snapshots);
    }
    return function(context, timeoutMs, states, stateCount);
}

} // extern "C"
