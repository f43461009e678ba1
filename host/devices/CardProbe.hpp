#pragma once

#include "Identification.hpp"
#include "TokenInfo.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::pcsc
{
class Card;
}

namespace tokenbridge::devices
{

class VendorIdentifier;

// GET DATA token-info (docs/vtoken.md). std::nullopt for cards that don't know the command
// (6D00, 6A88, ...) or answer garbage: unknown cards are still listed.
std::optional<TokenInfo> readTokenInfo(pcsc::Card& card);

enum class ProbeOutcome {
    Identified, // the card answered (info may still be empty: not a Rutoken)
    Unreadable, // busy elsewhere or not answering: describe it from its ATR, ask again later
    Removed, // gone before it could be read
};

struct ProbeResult
{
    ProbeOutcome outcome = ProbeOutcome::Unreadable;
    std::optional<TokenInfo> info;
    IdentifiedBy source = IdentifiedBy::Atr; // where `info` came from
};

// Reads a newly seen card on a thread of its own: a card whose ATR is a Rutoken's is first
// described by the vendor's PKCS#11 library (`vendor`, may be null), else it is asked for our
// token-info object. SCardConnect waits for as long as another connection (maybe another
// process) holds a transaction on the card; the lister waits for the probe only until its
// deadline, so listing never hangs behind a long operation.
class CardProbe
{
public:
    static std::shared_ptr<CardProbe> start(
        std::string reader, std::vector<uint8_t> atr, std::shared_ptr<VendorIdentifier> vendor);

    // The result if the probe finished by the deadline.
    std::optional<ProbeResult> waitUntil(std::chrono::steady_clock::time_point deadline);

private:
    void finish(ProbeResult result);

    std::mutex _mutex;
    std::condition_variable _done;
    std::optional<ProbeResult> _result;
};

} // namespace tokenbridge::devices
