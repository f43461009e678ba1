// Wall time spent inside PC/SC by this process, for the sign benchmark: the executable defines
// SCardTransmit (and the transaction calls) itself and forwards to libpcsclite, so every caller
// is counted — the host's own pcsc code and a dlopen()ed PKCS#11 module alike (the executable is
// linked with ENABLE_EXPORTS, so its definitions come first in symbol lookup).
#pragma once

#include <cstdint>

namespace tokenbridge::bench
{

struct PcscCounters
{
    double ms = 0; // wall time inside the forwarded calls
    std::uint64_t apdus = 0;
    std::uint64_t sespakeStarts = 0; // 80 5A: a new FKN session
    std::uint64_t protectedApdus = 0; // CLA 0C / 8C: through the secure channel
};

PcscCounters pcscCounters();

} // namespace tokenbridge::bench
