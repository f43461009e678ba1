#include "KeyRouter.hpp"

#include "StoreChoice.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "devices/PinStatus.hpp"
#include "modes/active/ActiveKeyStore.hpp"
#include "modes/active/ModuleSet.hpp"
#include "modes/active/Session.hpp"
#include "modes/passive/PassiveKeyStore.hpp"
#include "pcsc/Card.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>
#include <cstdio>

namespace tokenbridge::modes
{

namespace
{

    bool isKeyNotFound(const Error& error)
    {
        return error.code() == ErrorCode::KEY_NOT_FOUND;
    }

    std::string serialHex(const devices::TokenInfo& info)
    {
        char serial[9];
        std::snprintf(serial, sizeof serial, "%08X", info.serial);
        return serial;
    }

} // namespace

// Preference order: an FKN key also shows through PKCS#11 (the module lists it, cannot use it)
// and must be used as FKN; key ids of different stores never meet otherwise. `offered` says
// where existing keys are looked for; where a new key may go is chooseStore's (the table's).
const KeyRouter::StoreKind KeyRouter::STORES[3] = {
    { Mode::Fkn, true, &KeyRouter::hasFkn, &KeyRouter::openFkn },
    { Mode::ActivePkcs11, false, &KeyRouter::hasActive, &KeyRouter::openActive },
    { Mode::Passive, true, &KeyRouter::hasPassive, &KeyRouter::openPassive },
};

KeyRouter::KeyRouter(devices::DeviceSession session, const security::PinBuffer* pin,
    active::ModuleSet& modules, const security::PinBuffer* containerPassword,
    std::shared_ptr<KeyMemo> memo) :
    _session(std::move(session)),
    _pin(pin), _containerPassword(containerPassword), _modules(modules),
    _memo(memo ? std::move(memo) : std::make_shared<KeyMemo>())
{
}

KeyRouter::~KeyRouter() = default;
KeyRouter::KeyRouter(KeyRouter&&) noexcept = default;

const KeyRouter::StoreKind& KeyRouter::kindOf(Mode mode)
{
    const auto* kind = std::ranges::find(STORES, mode, &StoreKind::mode);
    if (kind == std::end(STORES)) {
        throw FatalError("no key store serves mode " + std::string(modeName(mode)));
    }
    return *kind;
}

template <typename Work> auto KeyRouter::onStore(const StoreKind& kind, Work&& work, bool listing)
{
    try {
        const auto store = (this->*kind.open)(listing);
        return work(*store);
    } catch (const UserActionError& error) {
        rethrowWithRetries(error);
    }
}

void KeyRouter::rethrowWithRetries(const UserActionError& error)
{
    const bool pinError =
        error.code() == ErrorCode::PIN_REQUIRED || error.code() == ErrorCode::PIN_INCORRECT;
    // The last try just failed (a PKCS#11 module's CKF_USER_PIN_LOCKED): blocked, as every store
    // says it (docs/protocol-keys.md "PIN").
    if (error.code() == ErrorCode::PIN_INCORRECT && error.details().value("retriesLeft", -1) == 0) {
        throw UserActionError(
            ErrorCode::PIN_BLOCKED, "the PIN is blocked", { { "retriesLeft", 0 } });
    }
    if (!pinError || error.details().contains("retriesLeft")) {
        throw error;
    }
    const auto info = devices::readPinInfo(_session.card(), devices::PIN_USER);
    if (info.blocked || info.retriesLeft == 0) {
        throw UserActionError(ErrorCode::PIN_BLOCKED, "the PIN is blocked");
    }
    if (error.code() == ErrorCode::PIN_REQUIRED) {
        throw UserActionError(ErrorCode::PIN_REQUIRED, "this operation needs the PIN",
            { { "retriesLeft", info.retriesLeft ? nlohmann::json(*info.retriesLeft) : nullptr } });
    }
    if (!info.retriesLeft) {
        throw error; // the token keeps its counter to itself: the error as the store said it
    }
    throw UserActionError(
        ErrorCode::PIN_INCORRECT, "incorrect PIN", { { "retriesLeft", *info.retriesLeft } });
}

bool KeyRouter::hasFkn()
{
    return servesFkn(device());
}

bool KeyRouter::hasActive()
{
    return activeLocation().has_value();
}

bool KeyRouter::hasPassive()
{
    // Key files already on the token stay listed and usable on every known Rutoken, even where
    // the table lists no passive mode for this CSP profile, platform or connection: they are the
    // user's keys, perhaps written under another profile. New ones follow the table
    // (chooseStore).
    return true;
}

fkn::Transmit KeyRouter::cardTransmit()
{
    return [this](ByteView command) { return _session.card().transmitRaw(command).encode(); };
}

std::unique_ptr<KeyStore> KeyRouter::openFkn(bool)
{
    return std::make_unique<fkn::FknKeyStore>(cardTransmit(), _pin);
}

std::unique_ptr<KeyStore> KeyRouter::openActive(bool listing)
{
    const auto& location = activeLocation();
    if (!location) {
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "no PKCS#11 module serves this token; the active mode is not available",
            { { "requested", "active" }, { "available", devices::modesToJson(device().modes) } });
    }
    releaseCard(); // the module opens its own connection and would wait for our transaction
    if (!_activeHold) {
        _activeHold = std::make_shared<active::Session>(location->module, location->slot);
    }
    // On an FKN token the PIN is not sent in clear (VERIFY) just to list: PKCS#11 shows the
    // public halves and certificates without a login.
    const bool withoutLogin = listing && hasFkn();
    return std::make_unique<active::ActiveKeyStore>(*location, withoutLogin ? nullptr : _pin);
}

void KeyRouter::releaseCard() noexcept
{
    _session.release();
    _passiveFiles.files.clear(); // another application may write to the token meanwhile
}

std::unique_ptr<KeyStore> KeyRouter::openPassive(bool listing)
{
    // As for the active store: on an FKN token a listing never sends the PIN in clear (VERIFY);
    // a CryptoPro container whose header the card keeps behind the PIN is then not listed there.
    const bool withoutPin = listing && hasFkn();
    auto store =
        std::make_unique<passive::PassiveKeyStore>(_session.card(), withoutPin ? nullptr : _pin,
            passive::cryptopro::rootFor(device().identification.family), _containerPassword);
    // A token with a crypto core (Rutoken ECP) takes extended APDUs: a file in one READ BINARY.
    const bool extended =
        device().info && (device().info->features & devices::FEATURE_CRYPTO_CORE) != 0;
    store->useFileCache(&_passiveFiles, extended);
    return store;
}

const std::optional<active::TokenLocation>& KeyRouter::activeLocation()
{
    if (!_active) {
        std::optional<active::TokenLocation> location;
        if (auto remembered = _memo->activeLocation()) {
            location = std::move(remembered); // this insertion's slot, found by an earlier request
        } else if (offersActive(device()) && device().info) {
            // The modules talk to the token while they look for it.
            releaseCard();
            location = _modules.locate(device().reader, serialHex(*device().info));
            if (!location) {
                // A token pulled during the module's discovery looks like one no module serves:
                // a pulled token is reported as such (TOKEN_REMOVED).
                _session.checkPresent();
            } else {
                _memo->rememberActive(*location);
            }
        }
        _active = std::move(location);
    }
    return *_active;
}

std::vector<KeyEntry> KeyRouter::listKeys()
{
    // The card's stores first, in one transaction; then the module.
    const auto list = [this](Mode mode) {
        const auto& kind = kindOf(mode);
        return (this->*kind.offered)() ? onStore(
                   kind, [](KeyStore& store) { return store.listKeys(); }, true)
                                       : std::vector<KeyEntry> {};
    };
    auto fknKeys = list(Mode::Fkn);
    auto passiveKeys = list(Mode::Passive);
    auto activeKeys = list(Mode::ActivePkcs11);
    for (const auto& keys : { &fknKeys, &activeKeys, &passiveKeys }) {
        for (const auto& key : *keys) {
            _resolved.emplace(key.keyId, key.mode);
            _memo->remember(key.keyId, _resolved.at(key.keyId));
        }
    }
    return mergeKeyListings(std::move(fknKeys), std::move(activeKeys), std::move(passiveKeys));
}

std::optional<KeyEntry> KeyRouter::findInRemembered(const std::string& keyId)
{
    const auto mode = _memo->storeOf(keyId);
    if (!mode) {
        return std::nullopt;
    }
    const auto& kind = kindOf(*mode);
    try {
        if ((this->*kind.offered)()) {
            auto key = onStore(
                kind, [&](KeyStore& store) { return store.findKey(keyId); }, true);
            _resolved[keyId] = kind.mode;
            return key;
        }
    } catch (const RequestError& error) {
        if (!isKeyNotFound(error)) {
            throw;
        }
    }
    _memo->forget(keyId);
    return std::nullopt;
}

KeyEntry KeyRouter::findKey(const std::string& keyId)
{
    // The store an earlier request found the key in: no other store's lookup (issue 18).
    if (auto key = findInRemembered(keyId)) {
        return std::move(*key);
    }
    // Stores behind the card first (one transaction), in preference order; then the module.
    for (const bool card : { true, false }) {
        for (const auto& kind : STORES) {
            if (kind.usesCard != card || !(this->*kind.offered)()) {
                continue;
            }
            try {
                auto key = onStore(
                    kind, [&](KeyStore& store) { return store.findKey(keyId); }, true);
                _resolved[keyId] = kind.mode;
                _memo->remember(keyId, kind.mode);
                return key;
            } catch (const RequestError& error) {
                if (!isKeyNotFound(error)) {
                    throw;
                }
            }
        }
    }
    throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key with this id on the token");
}

Mode KeyRouter::resolve(const std::string& keyId)
{
    const auto known = _resolved.find(keyId);
    return known != _resolved.end() ? known->second : findKey(keyId).mode;
}

KeyEntry KeyRouter::generateKey(const GenerateKeyRequest& request, std::string_view requestedMode)
{
    const Mode target = chooseStore(device(), requestedMode, [this] { return hasActive(); });
    auto key = onStore(kindOf(target), [&](KeyStore& store) { return store.generateKey(request); });
    _resolved[key.keyId] = key.mode;
    _memo->remember(key.keyId, key.mode);
    return key;
}

KeyEntry KeyRouter::importCertificate(ByteView certificateDer)
{
    if (hasFkn()) {
        // The FKN store takes the certificate only when it certifies one of its keys.
        const auto spki = crypto::parseCertificate(certificateDer).spki;
        const auto& fknKind = kindOf(Mode::Fkn);
        const auto keys = onStore(
            fknKind, [](KeyStore& store) { return store.listKeys(); }, true);
        if (std::ranges::any_of(keys, [&](const KeyEntry& key) {
                return crypto::samePublicKey(key.publicKeySpki, spki);
            })) {
            return onStore(
                fknKind, [&](KeyStore& store) { return store.importCertificate(certificateDer); });
        }
    }
    // A passive key and an active key never share a public key: the card's store first.
    for (const Mode mode : { Mode::Passive, Mode::ActivePkcs11 }) {
        const auto& kind = kindOf(mode);
        if (!(this->*kind.offered)()) {
            continue;
        }
        try {
            return onStore(
                kind, [&](KeyStore& store) { return store.importCertificate(certificateDer); });
        } catch (const RequestError& error) {
            if (!isKeyNotFound(error)) {
                throw;
            }
        }
    }
    throw RequestError(
        ErrorCode::KEY_NOT_FOUND, "no key on the token matches the certificate's public key");
}

std::unique_ptr<crypto::Signer> KeyRouter::signer(const KeyEntry& key)
{
    return onStore(kindOf(key.mode), [&](KeyStore& store) { return store.signer(key); });
}

std::unique_ptr<crypto::KeyAgreement> KeyRouter::keyAgreement(const KeyEntry& key)
{
    return onStore(kindOf(key.mode), [&](KeyStore& store) { return store.keyAgreement(key); });
}

void KeyRouter::deleteKey(const std::string& keyId)
{
    onStore(kindOf(resolve(keyId)), [&](KeyStore& store) {
        store.deleteKey(keyId);
        return true;
    });
    _resolved.erase(keyId);
    _memo->forget(keyId);
}

void KeyRouter::deleteCertificate(const std::string& keyId)
{
    onStore(kindOf(resolve(keyId)), [&](KeyStore& store) {
        store.deleteCertificate(keyId);
        return true;
    });
}

KeyEntry KeyRouter::setKeyLabel(const std::string& keyId, const std::string& label)
{
    return onStore(
        kindOf(resolve(keyId)), [&](KeyStore& store) { return store.setKeyLabel(keyId, label); });
}

KeyEntry KeyRouter::setCertificateLabel(const std::string& keyId, const std::string& label)
{
    return onStore(kindOf(resolve(keyId)),
        [&](KeyStore& store) { return store.setCertificateLabel(keyId, label); });
}

crypto::SecureBuffer KeyRouter::exportKey(const std::string& keyId)
{
    if (resolve(keyId) != Mode::Passive) {
        throw RequestError(ErrorCode::NOT_EXPORTABLE, "only passive keys can be exported");
    }
    return onStore(kindOf(Mode::Passive), [&](KeyStore& store) {
        return static_cast<passive::PassiveKeyStore&>(store).exportKey(keyId);
    });
}

KeyEntry KeyRouter::importContainer(const passive::CryptoProFiles& files)
{
    return onStore(kindOf(Mode::Passive), [&](KeyStore& store) {
        return static_cast<passive::PassiveKeyStore&>(store).importContainer(files);
    });
}

fkn::KeyAttributes KeyRouter::readFknAttributes(const std::string& keyId)
{
    return onStore(kindOf(Mode::Fkn), [&](KeyStore& store) {
        return static_cast<fkn::FknKeyStore&>(store).readKeyAttributes(keyId);
    });
}

} // namespace tokenbridge::modes
