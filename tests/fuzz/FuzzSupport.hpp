#pragma once

// Shared by the fuzzers: a parser may refuse input only with the typed errors its header
// documents. Anything else (another code, a std::exception, a crash) is a finding, so it is
// reported and aborts the run, and libFuzzer saves the input.

#include "core/Error.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string_view>

namespace tokenbridge::fuzz
{

[[noreturn]] inline void finding(std::string_view what)
{
    std::fprintf(stderr, "FUZZ FINDING: %.*s\n", static_cast<int>(what.size()), what.data());
    std::abort();
}

// Runs `body`; swallows only tokenbridge::Error with one of the `allowed` codes. Returns false
// when the input was refused that way.
template <typename Body> bool refusesOnly(std::initializer_list<ErrorCode> allowed, Body&& body)
{
    try {
        body();
        return true;
    } catch (const Error& error) {
        for (const auto code : allowed) {
            if (error.code() == code) {
                // FUZZ_VERBOSE=1 shows why seeds stop early (debugging a corpus).
                if (std::getenv("FUZZ_VERBOSE") != nullptr) {
                    std::fprintf(stderr, "refused: %s\n", error.what());
                }
                return false;
            }
        }
        std::fprintf(stderr, "FUZZ FINDING: unexpected error code %.*s: %s\n",
            static_cast<int>(errorCodeName(error.code()).size()),
            errorCodeName(error.code()).data(), error.what());
        std::abort();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "FUZZ FINDING: untyped exception: %s\n", error.what());
        std::abort();
    }
}

inline void check(bool condition, std::string_view what)
{
    if (!condition) {
        finding(what);
    }
}

} // namespace tokenbridge::fuzz
