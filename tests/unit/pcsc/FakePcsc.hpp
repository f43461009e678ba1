#pragma once

// A link-time fake of the pcsc-lite client functions host/pcsc calls: scripted cards in named
// readers. Unit tests only; integration tests use the real pcscd with vtoken.

#include "core/Apdu.hpp"

#include <winscard.h>

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tokenbridge::pcsc::test
{

struct ReaderState
{
    std::string name;
    DWORD eventState = SCARD_STATE_EMPTY; // PRESENT/EMPTY/MUTE | (event count << 16)
    Bytes atr {};
    // Answers APDUs sent to this reader; if empty, the global script below is used.
    std::function<Bytes(const Bytes&)> card {};
    LONG connectResult = SCARD_S_SUCCESS;
};

struct State
{
    // Each scripted transmit must match the next expected command and gets its response.
    std::deque<std::pair<Bytes, Bytes>> exchanges;
    std::vector<Bytes> unexpected; // commands that matched nothing
    LONG transmitResult = SCARD_S_SUCCESS;
    LONG connectResult = SCARD_S_SUCCESS;
    LONG establishResult = SCARD_S_SUCCESS;
    LONG listResult = SCARD_S_SUCCESS; // e.g. SCARD_E_NO_READERS_AVAILABLE
    // What the next SCardGetStatusChange calls return instead of looking at the readers.
    std::deque<LONG> statusChangeResults;
    DWORD protocol = SCARD_PROTOCOL_T1;
    std::vector<ReaderState> readers;
    std::map<SCARDHANDLE, std::string> handles; // connected card -> reader
    int established = 0, released = 0, connected = 0, disconnected = 0, begun = 0, ended = 0;
    int transmitted = 0;
};

// The fake's functions may run on several threads (DeviceService probes cards on their own):
// take lock() around any access to state() while such threads may run.
std::recursive_mutex& lock();
State& state();
void reset();
ReaderState* readerOf(SCARDHANDLE card); // nullptr if not connected

} // namespace tokenbridge::pcsc::test
