// KeyRouter's PIN operations: which road a token's PINs take (FKN channel, PKCS#11 module, the
// card's commands) and the policy check before any of them.
#include "KeyRouter.hpp"

#include "StoreChoice.hpp"

#include "core/Error.hpp"
#include "devices/PinStatus.hpp"
#include "modes/active/PinAdmin.hpp"
#include "modes/fkn/FknPinChange.hpp"
#include "modes/fkn/TokenKeys.hpp"
#include "modes/passive/CardPinAdmin.hpp"
#include "modes/passive/PassiveKeyStore.hpp"
#include "pcsc/Card.hpp"
#include "security/PinBuffer.hpp"

#include <optional>

namespace tokenbridge::modes
{

namespace
{

    const char* pinTypeName(std::uint8_t reference)
    {
        return reference == devices::PIN_ADMIN ? "admin" : "user";
    }

} // namespace

security::PinPolicy KeyRouter::pinPolicy()
{
    const auto& location = activeLocation();
    return location ? active::pinPolicy(*location) : security::RUTOKEN_PIN_POLICY;
}

std::optional<int> KeyRouter::sespakeTriesLeft()
{
    if (!hasFkn()) {
        return std::nullopt;
    }
    return fkn::userPinTriesLeft(cardTransmit());
}

const security::PinBuffer& KeyRouter::authorizingPin(std::uint8_t reference)
{
    if (_pin != nullptr && !_pin->empty()) {
        return *_pin;
    }
    const auto info = devices::readPinInfo(_session.card(), reference);
    const std::string type = pinTypeName(reference);
    if (info.blocked) {
        throw UserActionError(
            ErrorCode::PIN_BLOCKED, "the " + type + " PIN is blocked", { { "pinType", type } });
    }
    throw UserActionError(ErrorCode::PIN_REQUIRED, "this operation needs the " + type + " PIN",
        { { "pinType", type },
            { "retriesLeft", info.retriesLeft ? nlohmann::json(*info.retriesLeft) : nullptr } });
}

void KeyRouter::rethrowPinError(const UserActionError& error, std::uint8_t reference)
{
    const bool countable = error.code() == ErrorCode::PIN_INCORRECT;
    if (!countable || error.details().contains("retriesLeft")) {
        throw error;
    }
    // PKCS#11 gives no count: the card's, of the PIN the operation checked.
    const auto info = devices::readPinInfo(_session.card(), reference);
    const std::string type = pinTypeName(reference);
    if (info.blocked || info.retriesLeft == 0) {
        throw UserActionError(
            ErrorCode::PIN_BLOCKED, "the " + type + " PIN is blocked", { { "pinType", type } });
    }
    nlohmann::json details { { "pinType", type } };
    if (info.retriesLeft) {
        details["retriesLeft"] = *info.retriesLeft;
    }
    throw UserActionError(ErrorCode::PIN_INCORRECT, "incorrect " + type + " PIN", details);
}

void KeyRouter::changePin(PinType type, const security::PinBuffer& newPin)
{
    const std::uint8_t reference = type == PinType::Admin ? devices::PIN_ADMIN : devices::PIN_USER;
    const auto& current = authorizingPin(reference);
    security::checkNewPin(newPin, pinPolicy());
    // The passive containers sealed under the user PIN get parts sealed under the new one first.
    const auto root = passive::cryptopro::rootFor(device().identification.family);
    std::optional<passive::PassiveKeyStore::Reseal> reseal;
    try {
        if (type == PinType::User) {
            reseal = passive::PassiveKeyStore(_session.card(), &current, root).stageReseal(newPin);
        }
        changeOnToken(type, reference, current, newPin);
    } catch (const UserActionError& error) {
        if (reseal) {
            passive::PassiveKeyStore(_session.card(), &current, root).abandonReseal(*reseal);
        }
        rethrowPinError(error, reference);
    } catch (...) {
        if (reseal) {
            passive::PassiveKeyStore(_session.card(), &current, root).abandonReseal(*reseal);
        }
        throw;
    }
    if (reseal) {
        passive::PassiveKeyStore(_session.card(), &newPin, root).commitReseal(*reseal);
    }
}

void KeyRouter::changeOnToken(PinType type, std::uint8_t reference,
    const security::PinBuffer& current, const security::PinBuffer& newPin)
{
    if (type == PinType::User && hasFkn()) {
        // The FKN credential is the user PIN's: only this road re-enrolls it unseen.
        fkn::changeUserPin(cardTransmit(), current, newPin);
    } else if (const auto& location = activeLocation()) {
        releaseCard(); // the module opens its own connection
        active::changePin(
            *location, type == PinType::Admin ? CKU_SO : CKU_USER, current.bytes(), newPin.bytes());
    } else {
        passive::changeCardPin(_session.card(), reference, current, newPin);
    }
}

std::vector<std::string> KeyRouter::unblockUserPin(const security::PinBuffer* newUserPin)
{
    const auto& adminPin = authorizingPin(devices::PIN_ADMIN);
    if (newUserPin != nullptr) {
        security::checkNewPin(*newUserPin, pinPolicy());
    }
    try {
        // PKCS#11 unblocks only by setting a new PIN (C_InitPIN); unblocking alone is the card's.
        const auto& location = activeLocation();
        if (newUserPin != nullptr && location) {
            releaseCard();
            active::initUserPin(*location, adminPin.bytes(), newUserPin->bytes());
        } else {
            passive::unblockCardUserPin(_session.card(), adminPin, newUserPin);
        }
    } catch (const UserActionError& error) {
        rethrowPinError(error, devices::PIN_ADMIN);
    }
    if (newUserPin == nullptr) {
        return {};
    }
    // Sealed under the forgotten PIN: they open again only under that PIN (changePin back).
    return passive::PassiveKeyStore(
        _session.card(), nullptr, passive::cryptopro::rootFor(device().identification.family))
        .ownKeyIds();
}

} // namespace tokenbridge::modes
