#pragma once

#include "Card.hpp"
#include "Log.hpp"
#include "Signals.hpp"
#include "SmTamper.hpp"
#include "VpcdLink.hpp"

namespace tokenbridge::vtoken
{

// Plays a Card on a vpcd slot until SIGTERM/SIGINT: keeps the link up while the card is
// inserted, answers control frames and APDUs, and follows the insert/remove signals.
class Runner
{
public:
    // apduLog (may be null) receives each APDU and its whole response in hex.
    Runner(Card& card, VpcdLink& link, Log& log, unsigned apduDelayMs, Log* apduLog = nullptr);
    // Returns the process exit status.
    int run();
    // Test hooks (docs/vtoken.md): --tamper-sm-response N, and --apdu-record (every APDU and
    // response raw, PIN bodies included; may be null).
    void tamperSmResponse(unsigned n) { _tamper = SmTamper(n); }
    void apduRecord(Log* record) { _apduRecord = record; }
    // Test fault (--pull-after-apdus): the n-th APDU of this process (from 1; 0 = never) gets no
    // answer and the card is removed as if pulled mid-command, until SIGUSR2.
    void pullAtApdu(unsigned n) { _pullAtApdu = n; }
    // Test fault (--fault-file): when this file exists as an APDU arrives, the number in it
    // re-arms the pull to that APDU counted from this one (1 = this one); the file is deleted.
    void faultFile(std::string path) { _faultFile = std::move(path); }

private:
    // Applies signals; false once asked to stop.
    bool apply(const std::vector<Signal>& signals);
    void remove(const char* why);
    void onFrame(const std::vector<uint8_t>& frame);
    void onApdu(const std::vector<uint8_t>& apdu);
    // True when the test fault says this APDU is the one to pull the card at.
    bool faultHere();

    Card& _card;
    VpcdLink& _link;
    Log& _log;
    Log* _apduLog;
    Signals _signals;
    unsigned _apduDelayMs;
    SmTamper _tamper;
    Log* _apduRecord = nullptr;
    std::string _faultFile;
    unsigned _pullAtApdu = 0;
    unsigned _apdus = 0;
    bool _inserted = true;
    bool _stopping = false;
};

} // namespace tokenbridge::vtoken
