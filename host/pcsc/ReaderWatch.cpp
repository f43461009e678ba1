#include "ReaderWatch.hpp"

#include "ScardError.hpp"

#include <algorithm>
#include <map>
#include <thread>

namespace tokenbridge::pcsc
{

namespace
{

    constexpr const char* PNP_READER = "\\\\?PnP?\\Notification";
    constexpr size_t MAX_STATES_PER_WAIT = PCSCLITE_MAX_READERS_CONTEXTS;
    // With several groups each gets a short turn; a change anywhere is seen within a few turns.
    constexpr DWORD TURN_MS = 100;
    // waitForCards: how soon to look again for a reader pcscd has not added yet.
    constexpr auto ABSENT_READER_RETRY = std::chrono::milliseconds(50);

    using enum ScardFailure;

    bool holdsCard(const Reader& reader)
    {
        return reader.cardPresent && !reader.mute && !reader.atr.empty();
    }

} // namespace

void ReaderWatch::refresh(std::vector<std::string> readers)
{
    std::map<std::string, DWORD> previous;
    for (size_t i = 0; i < _names.size(); ++i) {
        previous[_names[i]] = _states[i].dwCurrentState;
    }
    _names.clear();
    if (_hotplug == Hotplug::Reported) {
        _names.emplace_back(PNP_READER);
    }
    _names.insert(_names.end(), readers.begin(), readers.end());
    _states.assign(_names.size(), SCARD_READERSTATE {});
    for (size_t i = 0; i < _names.size(); ++i) {
        _states[i].szReader = _names[i].c_str();
        const auto found = previous.find(_names[i]);
        _states[i].dwCurrentState = found == previous.end() ? SCARD_STATE_UNAWARE : found->second;
    }
}

LONG ReaderWatch::wait(const Context& context, DWORD timeoutMs)
{
    if (_states.empty()) { // nothing to watch: nothing can change
        std::this_thread::sleep_for(std::chrono::milliseconds(timeoutMs));
        return SCARD_E_TIMEOUT;
    }
    const size_t groups = (_states.size() + MAX_STATES_PER_WAIT - 1) / MAX_STATES_PER_WAIT;
    const DWORD turn = groups == 1 ? timeoutMs : std::min(TURN_MS, timeoutMs);
    // do-while: a zero timeout still takes one look (pcsc-lite answers UNAWARE states at once).
    DWORD waited = 0;
    do {
        for (size_t first = 0; first < _states.size(); first += MAX_STATES_PER_WAIT) {
            const auto count = std::min(MAX_STATES_PER_WAIT, _states.size() - first);
            const LONG rv =
                SCardGetStatusChange(context.handle(), turn, &_states[first], DWORD(count));
            if (rv != SCARD_E_TIMEOUT) {
                return rv;
            }
        }
        waited += turn * DWORD(groups);
    } while (waited < timeoutMs);
    return SCARD_E_TIMEOUT;
}

bool ReaderWatch::acknowledge()
{
    bool readersChanged = false;
    for (size_t i = 0; i < _states.size(); ++i) {
        auto& state = _states[i];
        const bool changed = (state.dwEventState & SCARD_STATE_CHANGED) != 0;
        const bool isPnp = i < firstReader();
        // The PnP entry reports a change on the first wait too (its state was UNAWARE).
        if (isPnp && changed && state.dwCurrentState != SCARD_STATE_UNAWARE) {
            readersChanged = true;
        }
        if (!isPnp && (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))) {
            readersChanged = true;
        }
        if (changed) {
            state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
            state.dwEventState &= ~SCARD_STATE_CHANGED;
        }
    }
    return readersChanged;
}

std::vector<Reader> ReaderWatch::readers() const
{
    std::vector<Reader> readers;
    for (size_t i = firstReader(); i < _states.size(); ++i) {
        readers.push_back(toReader(_states[i]));
    }
    return readers;
}

std::optional<std::vector<Reader>> waitForCards(const Context& context,
    const std::vector<std::string>& readers, CardPresence presence,
    std::chrono::milliseconds timeout)
{
    if (readers.empty()) {
        return std::vector<Reader> {};
    }
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    const bool wanted = presence == CardPresence::Present;
    ReaderWatch watch(ReaderWatch::Hotplug::Ignored);
    watch.refresh(readers);
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            std::max<Clock::duration>(deadline - Clock::now(), Clock::duration::zero()));
        const LONG rv = watch.wait(context, DWORD(left.count()));
        if (rv == SCARD_S_SUCCESS) {
            watch.acknowledge();
            auto seen = watch.readers();
            if (std::ranges::all_of(
                    seen, [&](const Reader& reader) { return holdsCard(reader) == wanted; })) {
                return seen;
            }
        } else if (rv != SCARD_E_TIMEOUT) {
            const auto failure = scardFailure(rv);
            if (failure != TokenRemoved && failure != NoReaders) {
                throwScardError("SCardGetStatusChange", rv);
            }
            // A reader pcscd has not added yet (vtoken just started): look again shortly, afresh.
            std::this_thread::sleep_for(ABSENT_READER_RETRY);
            watch = ReaderWatch(ReaderWatch::Hotplug::Ignored);
            watch.refresh(readers);
        }
        if (Clock::now() >= deadline) {
            return std::nullopt;
        }
    }
}

} // namespace tokenbridge::pcsc
