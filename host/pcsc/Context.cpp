#include "Context.hpp"

#include "ScardError.hpp"

#include <algorithm>

namespace tokenbridge::pcsc
{

namespace
{

    // The reader list may change between the size query and the read; a few tries are enough.
    constexpr int LIST_ATTEMPTS = 3;

    std::vector<std::string> splitMultiString(const std::vector<char>& buffer)
    {
        std::vector<std::string> names;
        for (size_t pos = 0; pos < buffer.size() && buffer[pos] != '\0';) {
            std::string name(&buffer[pos]);
            pos += name.size() + 1;
            names.push_back(std::move(name));
        }
        return names;
    }

} // namespace

Context::Context()
{
    checkScard("SCardEstablishContext",
        SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &_handle));
}

Context::~Context()
{
    SCardReleaseContext(_handle);
}

std::vector<std::string> Context::readerNames() const
{
    // One call with a buffer that fits any usual set of readers (16 names of up to 127 bytes):
    // each SCardListReaders is a round trip to pcscd, and the size query would double them.
    DWORD size = 2048;
    for (int attempt = 1;; ++attempt) {
        std::vector<char> buffer(size + 1, '\0');
        const LONG rv = SCardListReaders(_handle, nullptr, buffer.data(), &size);
        if (rv == SCARD_E_NO_READERS_AVAILABLE) {
            return {};
        }
        // pcsc-lite has put the size it needs; the list may also have grown meanwhile.
        if (rv == SCARD_E_INSUFFICIENT_BUFFER && attempt < LIST_ATTEMPTS) {
            size = std::max<DWORD>(size, DWORD(buffer.size())) + 256;
            continue;
        }
        checkScard("SCardListReaders", rv);
        return splitMultiString(buffer);
    }
}

std::vector<Reader> Context::listReaders() const
{
    for (int attempt = 1;; ++attempt) {
        const auto names = readerNames();
        if (names.empty()) {
            return {};
        }
        std::vector<SCARD_READERSTATE> states(names.size());
        for (size_t i = 0; i < names.size(); ++i) {
            states[i].szReader = names[i].c_str();
            states[i].dwCurrentState = SCARD_STATE_UNAWARE;
        }
        const LONG rv = SCardGetStatusChange(_handle, 0, states.data(), DWORD(states.size()));
        // A reader unplugged between the two calls: list again.
        if (rv == SCARD_E_UNKNOWN_READER && attempt < LIST_ATTEMPTS) {
            continue;
        }
        if (rv == SCARD_E_NO_READERS_AVAILABLE) {
            return {};
        }
        checkScard("SCardGetStatusChange", rv);
        std::vector<Reader> readers;
        for (const auto& state : states) {
            if (!(state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))) {
                readers.push_back(toReader(state));
            }
        }
        return readers;
    }
}

void Context::cancel() const noexcept
{
    SCardCancel(_handle);
}

Reader toReader(const SCARD_READERSTATE& state)
{
    Reader reader;
    reader.name = state.szReader;
    reader.cardPresent = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
    reader.mute = (state.dwEventState & SCARD_STATE_MUTE) != 0;
    reader.eventCount = static_cast<uint16_t>((state.dwEventState >> 16) & 0xFFFF);
    if (reader.cardPresent) {
        const auto size = std::min<DWORD>(state.cbAtr, sizeof state.rgbAtr);
        reader.atr.assign(state.rgbAtr, state.rgbAtr + size);
    }
    return reader;
}

} // namespace tokenbridge::pcsc
