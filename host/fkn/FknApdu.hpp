#pragma once

#include "core/Error.hpp"

#include <cstdint>

namespace tokenbridge::fkn
{

// The FKN APDU contract between host and token (docs/fkn.md "APDU mapping"). Both ends include
// this header so the bytes cannot drift.
inline constexpr std::uint8_t FKN_CLA = 0x80; // proprietary, plain
inline constexpr std::uint8_t INS_SESPAKE_START = 0x5A; // data ID_A -> SespakeParams
inline constexpr std::uint8_t INS_SESPAKE_EXCHANGE = 0x5B; // data U_1 -> U_2
inline constexpr std::uint8_t INS_SESPAKE_CONFIRM = 0x5C; // data MAC_A || DATA_A -> MAC_B || DATA_B
inline constexpr std::uint8_t INS_FKN_KEY_ATTRIBUTES = 0x5D; // protected only, docs/fkn.md
inline constexpr std::uint8_t SESPAKE_P2_USER = 0x02; // P2 of START: the user PIN's credential

// Status words the token answers for SESPAKE and channel failures.
inline constexpr std::uint16_t SW_OK = 0x9000;
inline constexpr std::uint16_t SW_PIN_BLOCKED = 0x6983;
inline constexpr std::uint16_t SW_WRONG_DATA = 0x6A80;
inline constexpr std::uint16_t SW_CONDITIONS = 0x6985; // out of order / no session
inline constexpr std::uint16_t SW_SM_FAILED = 0x6988; // channel refused the message; session over
inline constexpr std::uint16_t SW_FKN_SESSION_REQUIRED = 0x6982; // FKN key used outside a session

// Token side: the status word for an exception thrown by SespakeToken or SecureChannel.
// PIN_INCORRECT -> 63Cx (x = retriesLeft, at most 15).
std::uint16_t statusWordFor(const Error& error);
// Host side: throws the typed error a SESPAKE status word means (PIN_INCORRECT with
// retriesLeft, PIN_BLOCKED, CARD_ERROR otherwise); returns for 9000.
void throwForStatusWord(std::uint16_t sw);

} // namespace tokenbridge::fkn
