#include "FknCredential.hpp"

#include "Model.hpp"

#include <algorithm>
#include <string>

namespace tokenbridge::vtoken
{

namespace
{

    struct CurveName
    {
        std::string_view name;
        fkn::CurveId curve;
    };

    constexpr CurveName CURVE_NAMES[] = {
        { "cryptopro-a", fkn::CurveId::CryptoProA },
        { "cryptopro-b", fkn::CurveId::CryptoProB },
        { "cryptopro-c", fkn::CurveId::CryptoProC },
        { "tc26-256-a", fkn::CurveId::Tc26Gost256A },
        { "tc26-512-a", fkn::CurveId::Tc26Gost512A },
        { "tc26-512-b", fkn::CurveId::Tc26Gost512B },
        { "tc26-512-c", fkn::CurveId::Tc26Gost512C },
    };

    std::span<const uint8_t> ascii(std::string_view s)
    {
        return { reinterpret_cast<const uint8_t*>(s.data()), s.size() };
    }

} // namespace

bool isFknCard(const CardState& state)
{
    const Model* model = findModel(state.modelId);
    return model != nullptr && (model->features & FEATURE_FKN) != 0;
}

std::optional<fkn::CurveId> fknCurveFromName(std::string_view name)
{
    for (const auto& entry : CURVE_NAMES) {
        if (entry.name == name) {
            return entry.curve;
        }
    }
    return std::nullopt;
}

std::string_view fknCurveName(fkn::CurveId curve)
{
    for (const auto& entry : CURVE_NAMES) {
        if (entry.curve == curve) {
            return entry.name;
        }
    }
    return "unknown";
}

std::optional<fkn::TokenCredential> loadFknCredential(const CardState& state)
{
    const auto fkn = state.extensions.find("fkn");
    if (fkn == state.extensions.end() || !fkn->contains("credential")) {
        return std::nullopt;
    }
    const Bytes blob = fromHex(fkn->at("credential").get<std::string>());
    return fkn::TokenCredential::parse(blob);
}

void storeFknCredential(CardState& state, const fkn::TokenCredential& credential)
{
    state.extensions["fkn"]["credential"] = toHexUpper(credential.serialize());
}

fkn::TokenCredential enrollUserCredential(
    std::span<const uint8_t> pin, uint8_t maxTries, fkn::CurveId curve)
{
    fkn::SespakeParams params;
    params.curve = curve;
    params.pointSet = fkn::PointSet::R5011152016;
    params.idB.assign(std::begin(fkn::DEFAULT_ID), std::end(fkn::DEFAULT_ID));
    fkn::CounterLimits limits;
    limits.consecutive = sespakeFailureLimit(maxTries);
    return fkn::enrollCredential(pin, std::move(params), limits);
}

FactoryEnrollment enrollFactoryCredential(CardState& state, fkn::CurveId curve)
{
    if (!state.userPin.matches(ascii(FACTORY_USER_PIN))) {
        return FactoryEnrollment::NotFactoryPin;
    }
    auto credential =
        enrollUserCredential(ascii(FACTORY_USER_PIN), state.userPin.maxTries(), curve);
    credential.counters.consecutive =
        std::min<uint32_t>(state.userPin.triesLeft(), credential.counters.limits.consecutive);
    storeFknCredential(state, credential);
    return FactoryEnrollment::Done;
}

FknPreparation prepareFknCredential(CardState& state, std::optional<fkn::CurveId> requested)
{
    if (!isFknCard(state)) {
        return requested ? FknPreparation::Refused : FknPreparation::Unchanged;
    }
    const auto current = loadFknCredential(state);
    if (current && (!requested || current->params.curve == *requested)) {
        return FknPreparation::Unchanged;
    }
    if (enrollFactoryCredential(state, requested.value_or(DEFAULT_FKN_CURVE))
        == FactoryEnrollment::Done) {
        return FknPreparation::Changed;
    }
    // Without a request a card never enrolled stays so (SESPAKE 6984) until its PIN is set.
    return requested ? FknPreparation::Refused : FknPreparation::Unchanged;
}

uint8_t sespakeFailureLimit(uint8_t pinTries)
{
    return std::clamp<uint8_t>(pinTries, SESPAKE_C1_MIN, SESPAKE_C1_MAX);
}

void followCredentialCounters(CardState& state, fkn::TokenCredential credential)
{
    fkn::Counters& c = credential.counters;
    const auto before = loadFknCredential(state);
    const uint32_t was = before ? before->counters.consecutive : c.consecutive;
    PinRecord& pin = state.userPin;
    if (c.blocked()) {
        // Any counter at 0 (C_1 included) blocks the user PIN too: the administrator unblocks.
        pin.setTriesLeft(0);
        c.consecutive = 0;
    } else if (c.consecutive < was) {
        // START paid the attempt: a try of the user PIN too.
        const uint32_t spent = was - c.consecutive;
        pin.setTriesLeft(
            static_cast<uint8_t>(pin.triesLeft() > spent ? pin.triesLeft() - spent : 0));
    } else if (c.consecutive > was) {
        pin.unblock(); // CONFIRM succeeded: the PIN was right
    }
    c.consecutive = std::min<uint32_t>(c.consecutive, pin.triesLeft());
    storeFknCredential(state, credential);
}

void followUserPinTries(CardState& state)
{
    auto credential = loadFknCredential(state);
    if (!credential) {
        return;
    }
    fkn::Counters& c = credential->counters;
    const PinRecord& pin = state.userPin;
    // A right PIN resets C_1 as a successful SESPAKE would; a wrong one leaves C_1 no more tries
    // than the PIN has.
    const uint32_t base = pin.triesLeft() == pin.maxTries() ? c.limits.consecutive : c.consecutive;
    c.consecutive = std::min<uint32_t>(base, pin.triesLeft());
    storeFknCredential(state, *credential);
}

void reenrollUserCredential(CardState& state, std::span<const uint8_t> pin)
{
    if (!isFknCard(state)) {
        return;
    }
    // A card never enrolled (its PIN was changed before FKN existed) gets its first one here.
    const auto old = loadFknCredential(state);
    const fkn::CurveId curve = old ? old->params.curve : DEFAULT_FKN_CURVE;
    storeFknCredential(state, enrollUserCredential(pin, state.userPin.maxTries(), curve));
}

bool unblockUserCredential(CardState& state)
{
    auto credential = loadFknCredential(state);
    if (!credential) {
        return true;
    }
    fkn::Counters& c = credential->counters;
    if (c.lifetimeFailures == 0 || c.lifetimeAttempts == 0) {
        return false;
    }
    c.resetConsecutive();
    storeFknCredential(state, *credential);
    return true;
}

} // namespace tokenbridge::vtoken
