#pragma once

#include "CardState.hpp"

#include "fkn/Curves.hpp"
#include "fkn/TokenCredential.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace tokenbridge::vtoken
{

// The user PIN's SESPAKE credential (docs/fkn.md §2 "Wiring contract"): kept in card.json as
// extensions.fkn.credential = hex of TokenCredential::serialize(), never the PIN. The user PIN
// record and C_1 are one counter: every change of one is copied to the other here.

inline constexpr fkn::CurveId DEFAULT_FKN_CURVE = fkn::CurveId::Tc26Gost256A;

// Whether the card's model has FEATURE_FKN.
bool isFknCard(const CardState& state);

// "tc26-256-a" etc. (the --fkn-curve names); empty for an unknown name.
std::optional<fkn::CurveId> fknCurveFromName(std::string_view name);
std::string_view fknCurveName(fkn::CurveId curve);

std::optional<fkn::TokenCredential> loadFknCredential(const CardState& state);
void storeFknCredential(CardState& state, const fkn::TokenCredential& credential);

// SESPAKE's consecutive-failure limit C_1: RFC 8133 §4.3 (and R 50.1.115) allow 3 to 5, whatever
// the PIN's own try limit (10 by default): the PIN's limit clamped into that range (5 by default).
inline constexpr uint8_t SESPAKE_C1_MIN = 3;
inline constexpr uint8_t SESPAKE_C1_MAX = 5;
uint8_t sespakeFailureLimit(uint8_t pinTries);

// Enrolls the user PIN `pin` (R 50.1.115 point set, C_1 limit = sespakeFailureLimit(maxTries)).
fkn::TokenCredential enrollUserCredential(
    std::span<const uint8_t> pin, uint8_t maxTries, fkn::CurveId curve);

enum class FactoryEnrollment { Done, NotFactoryPin };
// Enrolls from the factory user PIN; refused when the card's user PIN is another one.
FactoryEnrollment enrollFactoryCredential(CardState& state, fkn::CurveId curve);

enum class FknPreparation { Unchanged, Changed, Refused };
// At start-up (--fkn-curve): enrolls an FKN card that has no credential yet (when its user PIN is
// the factory one), or re-enrolls it on `requested` when that differs from its curve (factory PIN
// only). Refused: a curve was asked for a non-FKN card or one whose user PIN was changed.
FknPreparation prepareFknCredential(CardState& state, std::optional<fkn::CurveId> requested);

// After SESPAKE changed the counters (START: C_1 - 1, CONFIRM: reset): the user PIN's tries
// follow (START spends one, success resets them, any counter at 0 blocks the PIN), C_1 never
// exceeds them, and the credential is stored.
void followCredentialCounters(CardState& state, fkn::TokenCredential credential);
// After VERIFY (or a PIN check) changed the user PIN's tries: right: C_1 := its limit; wrong:
// C_1 := min(C_1, tries).
void followUserPinTries(CardState& state);
// The user PIN was set to `pin`: a new credential on the same curve (new salt, fresh counters).
void reenrollUserCredential(CardState& state, std::span<const uint8_t> pin);
// Administrator unblock without a new PIN: C_1 back to its limit. False when a lifetime counter
// (C_2 / C_3) is exhausted: only a new PIN helps then.
bool unblockUserCredential(CardState& state);

} // namespace tokenbridge::vtoken
