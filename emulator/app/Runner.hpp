#pragma once

#include "Card.hpp"
#include "Log.hpp"
#include "Signals.hpp"
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

private:
    // Applies signals; false once asked to stop.
    bool apply(const std::vector<Signal>& signals);
    void remove(const char* why);
    void onFrame(const std::vector<uint8_t>& frame);
    void onApdu(const std::vector<uint8_t>& apdu);

    Card& card_;
    VpcdLink& link_;
    Log& log_;
    Log* apduLog_;
    Signals signals_;
    unsigned apduDelayMs_;
    bool inserted_ = true;
    bool stopping_ = false;
};

} // namespace tokenbridge::vtoken
