#pragma once

#include "core/Apdu.hpp"

#include <winscard.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tokenbridge::pcsc
{

// A reader and what is in it, from one SCardGetStatusChange snapshot.
struct Reader
{
    std::string name;
    Bytes atr; // empty when no card
    bool cardPresent = false;
    bool mute = false; // a card is there but did not answer the reset
    // pcsc-lite counts insertions and removals per reader (upper 16 bits of dwEventState): the
    // same ATR with another count is another insertion, maybe another token.
    uint16_t eventCount = 0;
};

// SCardEstablishContext / SCardReleaseContext. One context is used by one thread at a time,
// except cancel(), which is meant to be called from another thread.
class Context
{
public:
    // Throws RetryableError(PCSC_UNAVAILABLE) when pcscd can't be reached.
    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    [[nodiscard]] SCARDCONTEXT handle() const noexcept { return _handle; }
    // Empty when there are no readers.
    [[nodiscard]] std::vector<std::string> readerNames() const;
    [[nodiscard]] std::vector<Reader> listReaders() const;
    // Interrupts a blocking SCardGetStatusChange on this context.
    void cancel() const noexcept;

private:
    SCARDCONTEXT _handle = 0;
};

// Fills a Reader from a state SCardGetStatusChange filled in.
Reader toReader(const SCARD_READERSTATE& state);

} // namespace tokenbridge::pcsc
