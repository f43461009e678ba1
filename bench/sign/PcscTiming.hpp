// What this process asks of PC/SC and the wall time it spends there, for the sign benchmark: the
// executable defines SCardTransmit (and the other calls below) itself and forwards to libpcsclite,
// so every caller is counted — the host's own pcsc code and a dlopen()ed PKCS#11 module alike
// (the executable is linked with ENABLE_EXPORTS, so its definitions come first in symbol lookup).
// Each call is put down to its caller by the address it returns to (dladdr): the executable
// itself is the host; any other shared object is the module.
#pragma once

#include <cstdint>
#include <string>

namespace tokenbridge::bench
{

// What one caller asked of PC/SC.
struct PcscCallerCounters
{
    // Reader listings: SCardListReaders calls that fill in the names. The size query before
    // (a null buffer) is not counted, so pcsc::Context::readerNames counts once.
    std::uint64_t listings = 0;
    // SCardGetStatusChange with a zero timeout: the card-state snapshot pcsc::Context::listReaders
    // takes after its listing. Counted apart from listings; a blocking wait (DeviceMonitor) is
    // not counted at all.
    std::uint64_t snapshots = 0;
    std::uint64_t connects = 0; // SCardConnect
    std::uint64_t transactions = 0; // SCardBeginTransaction
    std::uint64_t apdus = 0; // SCardTransmit
};

struct PcscCounters
{
    // Wall time inside the forwarded card calls (SCardTransmit, SCardConnect / Disconnect /
    // Status, the transaction calls); listings and snapshots are counted but not timed.
    double ms = 0;
    std::uint64_t apdus = 0;
    std::uint64_t sespakeStarts = 0; // 80 5A: a new FKN session
    std::uint64_t protectedApdus = 0; // CLA 0C / 8C: through the secure channel
    PcscCallerCounters host; // calls from the executable: the host's own pcsc code
    PcscCallerCounters module; // calls from other shared objects: a dlopen()ed PKCS#11 module
};

PcscCounters pcscCounters();

// Field by field, for the counts of one operation (after - before).
PcscCallerCounters operator-(const PcscCallerCounters& after, const PcscCallerCounters& before);
PcscCounters operator-(const PcscCounters& after, const PcscCounters& before);

// "listings/snapshots/connects/transactions/apdus", e.g. "1/1/2/2/9", for a table cell.
std::string formatCounts(const PcscCallerCounters& counters);

} // namespace tokenbridge::bench
