#include "ReaderWatch.hpp"

#include <algorithm>
#include <map>

namespace tokenbridge::devices
{

namespace
{

    constexpr const char* PNP_READER = "\\\\?PnP?\\Notification";
    constexpr size_t MAX_STATES_PER_WAIT = PCSCLITE_MAX_READERS_CONTEXTS;
    // With several groups each gets a short turn; a change anywhere is seen within a few turns.
    constexpr DWORD TURN_MS = 100;

} // namespace

void ReaderWatch::refresh(std::vector<std::string> readers)
{
    std::map<std::string, DWORD> previous;
    for (size_t i = 0; i < _names.size(); ++i) {
        previous[_names[i]] = _states[i].dwCurrentState;
    }
    _names = { PNP_READER };
    _names.insert(_names.end(), readers.begin(), readers.end());
    _states.assign(_names.size(), SCARD_READERSTATE {});
    for (size_t i = 0; i < _names.size(); ++i) {
        _states[i].szReader = _names[i].c_str();
        const auto found = previous.find(_names[i]);
        _states[i].dwCurrentState = found == previous.end() ? SCARD_STATE_UNAWARE : found->second;
    }
}

LONG ReaderWatch::wait(SCARDCONTEXT context, DWORD timeoutMs)
{
    const size_t groups = (_states.size() + MAX_STATES_PER_WAIT - 1) / MAX_STATES_PER_WAIT;
    const DWORD turn = groups == 1 ? timeoutMs : std::min(TURN_MS, timeoutMs);
    for (DWORD waited = 0; waited < timeoutMs; waited += turn * DWORD(groups)) {
        for (size_t first = 0; first < _states.size(); first += MAX_STATES_PER_WAIT) {
            const auto count = std::min(MAX_STATES_PER_WAIT, _states.size() - first);
            const LONG rv = SCardGetStatusChange(context, turn, &_states[first], DWORD(count));
            if (rv != SCARD_E_TIMEOUT) {
                return rv;
            }
        }
    }
    return SCARD_E_TIMEOUT;
}

bool ReaderWatch::acknowledge()
{
    bool readersChanged = false;
    for (size_t i = 0; i < _states.size(); ++i) {
        auto& state = _states[i];
        const bool changed = (state.dwEventState & SCARD_STATE_CHANGED) != 0;
        // The PnP entry reports a change on the first wait too (its state was UNAWARE).
        if (i == 0 && changed && state.dwCurrentState != SCARD_STATE_UNAWARE) {
            readersChanged = true;
        }
        if (i > 0 && (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))) {
            readersChanged = true;
        }
        if (changed) {
            state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
            state.dwEventState &= ~SCARD_STATE_CHANGED;
        }
    }
    return readersChanged;
}

} // namespace tokenbridge::devices
