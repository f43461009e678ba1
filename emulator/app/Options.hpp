#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tokenbridge::vtoken
{

struct Options
{
    std::string model;
    std::string stateDir;
    std::string host = "127.0.0.1";
    uint16_t port = 35963;
    bool nfc = false;
    std::optional<uint32_t> serial;
    unsigned apduDelayMs = 0;
    uint8_t maxRetries = 10;
    std::string logFile;
    // Every APDU with its response in hex (PIN command bodies withheld): for tests that prove
    // what never leaves the card.
    std::string apduLogFile;
    // Fault injection for tests (docs/vtoken.md "Command line"), 0 = off: the N-th APDU is never
    // answered and the card is removed as if pulled mid-command; the N-th state write stops
    // half-way through the temporary file and the process _exit()s.
    unsigned pullAfterApdus = 0;
    unsigned crashDuringWrite = 0;
    // Re-arms the pull at run time: a number N written to this file means "the N-th APDU from
    // the next one on" (read and deleted when the next APDU arrives).
    std::string faultFile;
    // FKN (docs/fkn.md §2): the SESPAKE curve of a new card, or re-enrollment of a card whose
    // user PIN is still the factory one; empty = keep / default tc26-256-a.
    std::string fknCurve;
    // Test hooks: flip one bit of the MAC'd body of the N-th protected response (0 = off), and
    // record every APDU and response raw, PIN bodies included (docs/vtoken.md).
    unsigned tamperSmResponse = 0;
    std::string apduRecordFile;
    // GET DATA of our token-info object answers 6A88, as on a real card, which never heard of
    // it; the vendor information the PKCS#11 module asks for stays (docs/vtoken.md).
    bool hideTokenInfo = false;
    bool listModels = false;
    bool help = false;
};

// Throws std::invalid_argument with a message for the user on a bad command line.
Options parseOptions(int argc, char** argv);
const char* usage();

} // namespace tokenbridge::vtoken
