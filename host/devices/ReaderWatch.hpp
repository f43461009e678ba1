#pragma once

#include <winscard.h>

#include <string>
#include <vector>

namespace tokenbridge::devices
{

// The reader states DeviceMonitor waits on: the PnP pseudo reader plus every reader. pcsc-lite
// takes at most PCSCLITE_MAX_READERS_CONTEXTS (16) states per SCardGetStatusChange, and pcscd
// has up to 16 readers, so with many readers the states are waited on in turns.
class ReaderWatch
{
public:
    // Watches these readers; states of readers watched before are kept, so nothing already
    // acknowledged is reported again.
    void refresh(std::vector<std::string> readers);

    // SCardGetStatusChange over all states: SCARD_S_SUCCESS when something changed,
    // SCARD_E_TIMEOUT when nothing did within about `timeoutMs`, or the error.
    LONG wait(SCARDCONTEXT context, DWORD timeoutMs);

    // Accepts the reported states; true if the set of readers changed (hot-plug).
    bool acknowledge();

private:
    std::vector<std::string> _names; // [0] is the PnP pseudo reader
    std::vector<SCARD_READERSTATE> _states; // szReader points into _names
};

} // namespace tokenbridge::devices
