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
    bool listModels = false;
    bool help = false;
};

// Throws std::invalid_argument with a message for the user on a bad command line.
Options parseOptions(int argc, char** argv);
const char* usage();

} // namespace tokenbridge::vtoken
