#pragma once

#include <winscard.h>

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace tokenbridge::pcsc
{

// What a caller can do about an SCARD_* result; decides the exception type (see ScardError.cpp).
enum class ScardFailure {
    Unavailable, // pcscd not running or gone: RetryableError(PCSC_UNAVAILABLE)
    NoReaders, // listing: an empty list; elsewhere the reader went away: TOKEN_REMOVED
    TokenRemoved, // the card was pulled, reset or lost mid-session (pitfall P6): TOKEN_REMOVED
    Busy, // another application holds the card: RetryableError(BUSY)
    Fatal, // anything else: FatalError naming the SCARD_* code
};

struct ScardErrorEntry
{
    LONG code;
    std::string_view name;
    ScardFailure failure;
};

std::string_view scardErrorName(LONG code); // "SCARD_E_NO_SERVICE", or "SCARD_UNKNOWN"
ScardFailure scardFailure(LONG code);
std::string describeScardError(LONG code); // "SCARD_E_NO_SERVICE (0x8010001D)"

// The one seam from SCARD_* results to the typed exceptions of core/Error.hpp.
[[noreturn]] void throwScardError(std::string_view function, LONG code);
// The SCARD_* code behind an exception throwScardError threw, for callers that must tell apart
// codes of one failure class (e.g. a stale handle from a card gone for good); nullopt for any
// other exception, such as Card's "the card answered nothing".
std::optional<LONG> scardCode(const std::exception& error);

inline void checkScard(std::string_view function, LONG code)
{
    if (code != SCARD_S_SUCCESS) {
        throwScardError(function, code);
    }
}

} // namespace tokenbridge::pcsc
