#pragma once

#include "SespakeTypes.hpp"

#include <cstdint>

namespace tokenbridge::fkn
{

// RFC 8133 section 4.1/4.2 limits; defaults inside the ranges the RFC allows.
struct CounterLimits
{
    std::uint32_t consecutive = 5; // CLim_1 in 3..5
    std::uint32_t lifetimeFailures = 20; // CLim_2 in 7..20
    std::uint32_t lifetimeAttempts = 1000; // CLim_3 in 10^3..10^5
};

// Spec 2.4: C_1 tries left in a row, C_2 failures left for this PIN, C_3 attempts left for this
// PIN. Any of them 0 -> the token refuses to run SESPAKE (PIN_BLOCKED); C_2/C_3 at 0 need a new
// PIN, C_1 at 0 is reset by the administrator (resetConsecutive).
struct Counters
{
    CounterLimits limits;
    std::uint32_t consecutive = 5;
    std::uint32_t lifetimeFailures = 20;
    std::uint32_t lifetimeAttempts = 1000;

    [[nodiscard]] bool blocked() const noexcept
    {
        return consecutive == 0 || lifetimeFailures == 0 || lifetimeAttempts == 0;
    }
    // RFC 8133 note 5: C_1 may be restored without a new PIN (administrator unblock).
    void resetConsecutive() noexcept { consecutive = limits.consecutive; }
};

// Everything the token (role B) stores for SESPAKE: never the PIN, only Q_PW, ind, salt (+ the
// suite and the counters). The caller persists it (serialize/parse) after every call of
// SespakeToken that changes it.
struct TokenCredential
{
    SespakeParams params; // curve, point set, ind, salt, ID_B, idAlgInMac
    Bytes qpw; // BYTES(Q_PW) = X_le || Y_le
    Counters counters;

    // version(1)=1 || params.encode() length(2, LE) || params || qpwLen(1) || qpw ||
    // 6 x uint32 LE (limits 1..3, counters 1..3).
    [[nodiscard]] Bytes serialize() const;
    // Throws RequestError(INVALID_PARAMS) on a malformed or inconsistent blob.
    static TokenCredential parse(ByteView bytes);
};

// Sets (or changes) the PIN: computes Q_PW from it (then forgets it), fresh counters at the
// limits. `salt` empty -> 16 random bytes.
TokenCredential enrollCredential(ByteView pin, SespakeParams params, CounterLimits limits = {});

} // namespace tokenbridge::fkn
