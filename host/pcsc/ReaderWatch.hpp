#pragma once

#include "Context.hpp"

#include <winscard.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::pcsc
{

// Reader states waited on with SCardGetStatusChange. pcsc-lite takes at most
// PCSCLITE_MAX_READERS_CONTEXTS (16) states per call and pcscd has up to 16 readers, so with more
// states than that they are waited on in turns.
class ReaderWatch
{
public:
    // Reported: the \\?PnP?\Notification pseudo reader is watched too, so that a reader plugged
    // in or out ends a wait (DeviceMonitor). Ignored: only the readers given are watched.
    enum class Hotplug { Reported, Ignored };

    explicit ReaderWatch(Hotplug hotplug = Hotplug::Reported) : _hotplug(hotplug) { }
    // The states point into the names: a copy would point into the original. A move keeps the
    // strings where they are.
    ReaderWatch(const ReaderWatch&) = delete;
    ReaderWatch& operator=(const ReaderWatch&) = delete;
    ReaderWatch(ReaderWatch&&) noexcept = default;
    ReaderWatch& operator=(ReaderWatch&&) noexcept = default;

    // Watches these readers; states of readers watched before are kept, so nothing already
    // acknowledged is reported again.
    void refresh(std::vector<std::string> readers);

    // SCardGetStatusChange over all states: SCARD_S_SUCCESS when something changed,
    // SCARD_E_TIMEOUT when nothing did within about `timeoutMs`, or the error. Returned, not
    // thrown: to a watcher most of them are events (SCARD_E_CANCELLED, a reader gone).
    LONG wait(const Context& context, DWORD timeoutMs);

    // Accepts the reported states; true if the set of readers changed (hot-plug).
    bool acknowledge();

    // The watched readers as last reported (without the PnP entry); a reader pcscd does not know
    // shows without a card.
    [[nodiscard]] std::vector<Reader> readers() const;

private:
    [[nodiscard]] size_t firstReader() const { return _hotplug == Hotplug::Reported ? 1 : 0; }

    Hotplug _hotplug;
    std::vector<std::string> _names; // [0] is the PnP pseudo reader when hot-plug is reported
    std::vector<SCARD_READERSTATE> _states; // szReader points into _names
};

enum class CardPresence { Present, Absent };

// Waits until every reader holds a card that answered its reset (Present), or holds none or is
// unknown to pcscd (Absent); a reader pcscd has not added yet is waited for. Returns the readers
// (with the cards' ATRs) then, or nullopt when the timeout passes first. Throws as
// throwScardError when pcscd fails (RetryableError(PCSC_UNAVAILABLE) when it went away).
std::optional<std::vector<Reader>> waitForCards(const Context& context,
    const std::vector<std::string>& readers, CardPresence presence,
    std::chrono::milliseconds timeout);

} // namespace tokenbridge::pcsc
