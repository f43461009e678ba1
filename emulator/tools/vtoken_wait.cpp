// vtoken-wait: waits until PC/SC sees a card in (or no card in) each named reader.
//   vtoken-wait [--timeout-ms N] [--absent] READER...   exit 0 when all are so, 1 on timeout
//   vtoken-wait --list [--timeout-ms N]                  prints the readers once pcscd answers
// Exit 2 when pcscd does not answer within the timeout. Used by scripts/with-virtual-tokens.sh.
#include "pcsc/ReaderWatch.hpp"
#include "core/Bytes.hpp"
#include "core/Error.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace
{

using namespace tokenbridge;
using Clock = std::chrono::steady_clock;

constexpr int TIMEOUT = 1;
constexpr int NO_PCSCD = 2;

// A context once pcscd answers (it may be starting), or nullptr at the deadline.
std::unique_ptr<pcsc::Context> establish(Clock::time_point deadline)
{
    for (;;) {
        try {
            return std::make_unique<pcsc::Context>();
        } catch (const RetryableError&) {
            if (Clock::now() >= deadline) {
                return nullptr;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

std::chrono::milliseconds left(Clock::time_point deadline)
{
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()),
        std::chrono::milliseconds(0));
}

int waitFor(const std::vector<std::string>& readers, bool absent, Clock::time_point deadline)
{
    const auto presence = absent ? pcsc::CardPresence::Absent : pcsc::CardPresence::Present;
    for (;;) {
        const auto context = establish(deadline);
        if (!context) {
            std::fprintf(stderr, "vtoken-wait: pcscd does not answer\n");
            return NO_PCSCD;
        }
        try {
            const auto seen = pcsc::waitForCards(*context, readers, presence, left(deadline));
            if (!seen) {
                std::fprintf(stderr, "vtoken-wait: timeout\n");
                return TIMEOUT;
            }
            for (const auto& reader : *seen) {
                const auto atr = absent ? std::string() : toHexUpper(reader.atr);
                std::printf("%s\t%s\n", reader.name.c_str(), atr.c_str());
            }
            return 0;
        } catch (const RetryableError& error) {
            // pcscd went away (a test restarts it): wait on a new context until the deadline.
            if (error.code() != ErrorCode::PCSC_UNAVAILABLE) {
                throw;
            }
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
    try {
        if (list) {
            const auto context = establish(deadline);
            if (!context) {
                std::fprintf(stderr, "vtoken-wait: pcscd does not answer\n");
                return NO_PCSCD;
            }
            for (const auto& reader : context->readerNames()) {
                std::printf("%s\n", reader.c_str());
            }
            return 0;
        }
        return waitFor(readers, absent, deadline);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "vtoken-wait: %s\n", error.what());
        return NO_PCSCD;
    }
}
