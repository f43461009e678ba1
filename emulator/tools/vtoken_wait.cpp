// vtoken-wait: waits until PC/SC sees a card in (or no card in) each named reader.
//   vtoken-wait [--timeout-ms N] [--absent] READER...   exit 0 when all are so, 1 on timeout
//   vtoken-wait --list [--timeout-ms N]                  prints the readers once pcscd answers
// Exit 2 when pcscd does not answer within the timeout. Used by scripts/with-virtual-tokens.sh.
#include <winscard.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace
{

using Clock = std::chrono::steady_clock;

struct ContextDeleter
{
    void operator()(SCARDCONTEXT* context) const
    {
        SCardReleaseContext(*context);
        delete context;
    }
};
using Context = std::unique_ptr<SCARDCONTEXT, ContextDeleter>;

Context establish(Clock::time_point deadline)
{
    for (;;) {
        SCARDCONTEXT handle = 0;
        if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle)
            == SCARD_S_SUCCESS) {
            return Context(new SCARDCONTEXT(handle));
        }
        if (Clock::now() >= deadline) {
            return nullptr;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::vector<std::string> listReaders(SCARDCONTEXT context)
{
    DWORD size = 0;
    if (SCardListReaders(context, nullptr, nullptr, &size) != SCARD_S_SUCCESS) {
        return {};
    }
    std::string buffer(size, '\0');
    if (SCardListReaders(context, nullptr, buffer.data(), &size) != SCARD_S_SUCCESS) {
        return {};
    }
    std::vector<std::string> out;
    for (const char* p = buffer.c_str(); *p != '\0'; p += std::strlen(p) + 1) {
        out.emplace_back(p);
    }
    return out;
}

int waitFor(SCARDCONTEXT context, const std::vector<std::string>& readers, bool absent,
    Clock::time_point deadline)
{
    std::vector<SCARD_READERSTATE> states(readers.size());
    for (size_t i = 0; i < readers.size(); ++i) {
        states[i].szReader = readers[i].c_str();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        const LONG rv = SCardGetStatusChange(context,
            static_cast<DWORD>(std::max<long>(0, static_cast<long>(left.count()))), states.data(),
            static_cast<DWORD>(states.size()));
        if (rv == SCARD_S_SUCCESS) {
            bool done = true;
            for (auto& state : states) {
                const bool present = (state.dwEventState & SCARD_STATE_PRESENT) != 0
                    && (state.dwEventState & SCARD_STATE_MUTE) == 0 && state.cbAtr > 0;
                done = done && (absent ? !present : present);
                state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
            }
            if (done) {
                for (const auto& state : states) {
                    std::printf("%s\t", state.szReader);
                    for (DWORD i = 0; i < (absent ? 0 : state.cbAtr); ++i) {
                        std::printf("%02X", state.rgbAtr[i]);
                    }
                    std::printf("\n");
                }
                return 0;
            }
        } else if (rv != SCARD_E_TIMEOUT) {
            // A reader pcscd has not added yet: look again shortly.
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            for (auto& state : states) {
                state.dwCurrentState = SCARD_STATE_UNAWARE;
            }
        }
        if (Clock::now() >= deadline) {
            std::fprintf(stderr, "vtoken-wait: timeout\n");
            return 1;
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    long timeoutMs = 10000;
    bool absent = false;
    bool list = false;
    std::vector<std::string> readers;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--timeout-ms" && i + 1 < argc) {
            char* end = nullptr;
            timeoutMs = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || timeoutMs < 0) {
                std::fprintf(stderr, "vtoken-wait: bad --timeout-ms\n");
                return 2;
            }
        } else if (arg == "--absent") {
            absent = true;
        } else if (arg == "--list") {
            list = true;
        } else {
            readers.push_back(arg);
        }
    }
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    const Context context = establish(deadline);
    if (!context) {
        std::fprintf(stderr, "vtoken-wait: pcscd does not answer\n");
        return 2;
    }
    if (list) {
        for (const auto& reader : listReaders(*context)) {
            std::printf("%s\n", reader.c_str());
        }
        return 0;
    }
    return waitFor(*context, readers, absent, deadline);
}
