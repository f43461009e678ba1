#pragma once

#include "FileSystem.hpp"
#include "PinStore.hpp"

#include <cstdint>
#include <optional>

namespace tokenbridge::vtoken
{

// What the card knows only while powered: verified PINs and the current file. Power off, reset
// and removal start a new session.
struct Session
{
    bool adminVerified = false;
    bool userVerified = false;
    FilePath currentDf; // empty = MF
    std::optional<uint16_t> currentEf; // a child of currentDf
    std::optional<uint8_t> signingKey; // set by MSE SET, used by PSO COMPUTE DIGITAL SIGNATURE
    // True only while a command that arrived protected inside an established FKN session runs
    // (docs/fkn.md §2): such a command counts as from the authenticated user.
    bool fknProtected = false;

    // The user PIN's access condition: verified now, or inside the FKN channel.
    bool userAuthenticated() const { return userVerified || fknProtected; }

    bool& verified(uint8_t reference)
    {
        return reference == PIN_ADMIN ? adminVerified : userVerified;
    }
    // Whether an access condition byte (AC_*) is met now.
    bool allows(uint8_t accessCondition) const;
};

} // namespace tokenbridge::vtoken
