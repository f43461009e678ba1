#include "DeviceKeyStore.hpp"

#include "crypto/Certificate.hpp"
#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"
#include "security/PinBuffer.hpp"
#include "modes/active/ActiveKeyStore.hpp"
#include "modes/active/ModuleLocator.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "modes/fkn/FknKeyStore.hpp"
#include "modes/passive/CardPin.hpp"
#include "modes/passive/PassiveKeyStore.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>

namespace tokenbridge::commands
{

namespace
{

    bool hasActiveMode(const devices::Device& device)
    {
        return std::any_of(device.modes.begin(), device.modes.end(),
            [](Mode mode) { return mode == Mode::ActivePkcs11 || mode == Mode::ActiveCrypt; });
    }

    const std::vector<std::shared_ptr<modes::active::Pkcs11Module>>& loadedModules()
    {
        static std::once_flag once;
        static std::vector<std::shared_ptr<modes::active::Pkcs11Module>> modules;
        std::call_once(once,
            [] { modules = modes::active::loadModules(modes::active::installedModulePaths()); });
        return modules;
    }

    bool isKeyNotFound(const Error& error)
    {
        return error.code() == ErrorCode::KEY_NOT_FOUND;
    }

} // namespace

std::optional<modes::active::TokenLocation> activeLocation(const devices::Device& device)
{
    if (!hasActiveMode(device) || !device.info) {
        return std::nullopt;
    }
    char serial[9];
    std::snprintf(serial, sizeof serial, "%08X", device.info->serial);
    return modes::active::locateToken(loadedModules(), device.reader, serial);
}

DeviceKeyStore::DeviceKeyStore(devices::DeviceService& service, devices::Device device,
    const security::PinBuffer* pin, KeyMode target) :
    _service(service),
    _device(std::move(device)), _pin(pin), _target(target), _fkn(servesFkn(_device))
{
}

std::string DeviceKeyStore::mode() const
{
    switch (_target) {
    case KeyMode::Fkn:
        return modes::fkn::FknKeyStore::MODE;
    case KeyMode::Active:
        return modes::active::ActiveKeyStore::MODE;
    case KeyMode::Passive:
        break;
    }
    return "passive";
}

const security::PinBuffer* DeviceKeyStore::listingPin() const
{
    // On an FKN token the PIN is not sent in clear (VERIFY) just to list: PKCS#11 shows the
    // public halves and certificates without a login.
    return _fkn ? nullptr : _pin;
}

const std::optional<modes::active::TokenLocation>& DeviceKeyStore::active()
{
    if (!_active) {
        auto location = activeLocation(_device);
        // A token pulled during the module's discovery looks like one no module serves: a
        // pulled token must be reported as such (checkPresent throws TOKEN_REMOVED).
        if (!location) {
            _service.checkPresent(_device);
        }
        _active = std::move(location);
    }
    return *_active;
}

modes::fkn::FknKeyStore DeviceKeyStore::fknStore()
{
    // One card transaction per store operation; the FKN session lives inside it.
    auto access = [this](const std::function<void(const fkn::Transmit&)>& work) {
        _service.withCard(_device.id, [&](pcsc::Card& card) {
            work([&card](ByteView command) { return card.transmitRaw(command).encode(); });
        });
    };
    return modes::fkn::FknKeyStore(access, _pin);
}

bool DeviceKeyStore::isFknKey(const std::string& keyId)
{
    return _fkn && fknStore().holds(keyId);
}

modes::fkn::KeyAttributes DeviceKeyStore::confirmFknKey(const std::string& keyId)
{
    if (_pin == nullptr || _pin->empty()) {
        pinRequired();
    }
    return fknStore().readKeyAttributes(keyId);
}

void DeviceKeyStore::withPassive(const std::function<void(modes::passive::PassiveKeyStore&)>& work)
{
    _service.withCard(_device.id, [&](pcsc::Card& card) {
        modes::passive::PassiveKeyStore store(card, _pin);
        work(store);
    });
}

void DeviceKeyStore::pinRequired()
{
    // The same PIN_REQUIRED as the passive path, with retriesLeft read from the card (VERIFY
    // without data spends no try); PKCS#11 has no exact counter.
    _service.withCard(_device.id,
        [&](pcsc::Card& card) { modes::passive::CardPinSession session(card, nullptr); });
    throw UserActionError(ErrorCode::PIN_REQUIRED, "this operation needs the PIN");
}

int DeviceKeyStore::retriesLeft()
{
    try {
        pinRequired();
    } catch (const UserActionError& error) {
        if (error.code() == ErrorCode::PIN_BLOCKED) {
            return 0;
        }
        const auto& details = error.details();
        if (details.contains("retriesLeft") && details["retriesLeft"].is_number_integer()) {
            return details["retriesLeft"].get<int>();
        }
    }
    return -1;
}

void DeviceKeyStore::translatePinError(const Error& error)
{
    // The passive path's PIN errors carry the card's exact counter; give the active path's the
    // same (Cryptoki only has "count low" / "final try").
    if (error.code() == ErrorCode::PIN_REQUIRED) {
        pinRequired();
    }
    if (error.code() == ErrorCode::PIN_INCORRECT) {
        const int left = retriesLeft();
        if (left == 0) {
            throw UserActionError(ErrorCode::PIN_BLOCKED, "the PIN is blocked");
        }
        if (left > 0) {
            throw UserActionError(
                ErrorCode::PIN_INCORRECT, "incorrect PIN", { { "retriesLeft", left } });
        }
    }
}

template <typename T>
std::optional<T> DeviceKeyStore::tryActive(const std::function<T(modes::KeyStore&)>& work)
{
    if (!active()) {
        return std::nullopt;
    }
    modes::active::ActiveKeyStore store(*active(), _pin);
    try {
        return work(store);
    } catch (const Error& error) {
        translatePinError(error);
        if (!isKeyNotFound(error)) {
            throw;
        }
        return std::nullopt;
    }
}

std::vector<modes::KeyEntry> DeviceKeyStore::listKeys()
{
    std::vector<modes::KeyEntry> fkn, activeKeys, passive;
    if (_fkn) {
        fkn = fknStore().listKeys();
    }
    if (active()) {
        modes::active::ActiveKeyStore store(*active(), listingPin());
        try {
            activeKeys = store.listKeys();
        } catch (const Error& error) {
            translatePinError(error);
            throw;
        }
    }
    withPassive([&](modes::KeyStore& store) { passive = store.listKeys(); });
    return mergeKeyListings(std::move(fkn), std::move(activeKeys), std::move(passive));
}

modes::KeyEntry DeviceKeyStore::findKey(const std::string& keyId)
{
    if (_fkn) {
        auto store = fknStore();
        try {
            return store.findKey(keyId);
        } catch (const RequestError& error) {
            if (!isKeyNotFound(error)) {
                throw;
            }
        }
    }
    if (active()) {
        modes::active::ActiveKeyStore store(*active(), listingPin());
        try {
            return store.findKey(keyId);
        } catch (const Error& error) {
            translatePinError(error);
            if (!isKeyNotFound(error)) {
                throw;
            }
        }
    }
    modes::KeyEntry key;
    withPassive([&](modes::KeyStore& store) { key = store.findKey(keyId); });
    return key;
}

modes::KeyEntry DeviceKeyStore::generateKey(const modes::GenerateKeyRequest& request)
{
    if (_target == KeyMode::Fkn) {
        if (!_fkn) {
            throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
                "this token does not offer the FKN mode (SESPAKE and the protected channel)",
                { { "requested", "fkn" }, { "available", devices::modesToJson(_device.modes) } });
        }
        if (_pin == nullptr || _pin->empty()) {
            pinRequired();
        }
        return fknStore().generateKey(request);
    }
    if (_target == KeyMode::Active) {
        if (!active()) {
            throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
                "no PKCS#11 module serves this token; the active mode is not available",
                { { "requested", "active" }, { "available", { "passive" } } });
        }
        if (_pin == nullptr) {
            pinRequired();
        }
        modes::active::ActiveKeyStore store(*active(), _pin);
        try {
            return store.generateKey(request);
        } catch (const Error& error) {
            translatePinError(error);
            throw;
        }
    }
    modes::KeyEntry key;
    withPassive([&](modes::KeyStore& store) { key = store.generateKey(request); });
    return key;
}

modes::KeyEntry DeviceKeyStore::importCertificate(ByteView certificateDer)
{
    if (_fkn) {
        // The FKN store takes the certificate only when it certifies one of its keys.
        const auto spki = crypto::parseCertificate(certificateDer).spki;
        for (const auto& key : fknStore().listKeys()) {
            if (crypto::samePublicKey(key.publicKeySpki, spki)) {
                if (_pin == nullptr || _pin->empty()) {
                    pinRequired();
                }
                return fknStore().importCertificate(certificateDer);
            }
        }
    }
    if (auto key = tryActive<modes::KeyEntry>(
            [&](modes::KeyStore& store) { return store.importCertificate(certificateDer); })) {
        return *key;
    }
    modes::KeyEntry key;
    withPassive([&](modes::KeyStore& store) { key = store.importCertificate(certificateDer); });
    return key;
}

std::unique_ptr<crypto::Signer> DeviceKeyStore::signer(const std::string& keyId)
{
    if (isFknKey(keyId)) {
        if (_pin == nullptr || _pin->empty()) {
            pinRequired();
        }
        return fknStore().signer(keyId);
    }
    if (active()) {
        modes::active::ActiveKeyStore store(*active(), _pin);
        bool held = true;
        try {
            store.findKey(keyId);
        } catch (const Error& error) {
            translatePinError(error);
            if (!isKeyNotFound(error)) {
                throw;
            }
            held = false;
        }
        if (held) {
            if (_pin == nullptr) {
                pinRequired();
            }
            return store.signer(keyId);
        }
    }
    std::unique_ptr<crypto::Signer> signer;
    withPassive([&](modes::KeyStore& store) { signer = store.signer(keyId); });
    return signer;
}

void DeviceKeyStore::deleteKey(const std::string& keyId)
{
    if (isFknKey(keyId)) {
        if (_pin == nullptr || _pin->empty()) {
            pinRequired();
        }
        fknStore().deleteKey(keyId);
        return;
    }
    if (tryActive<bool>([&](modes::KeyStore& store) {
            store.deleteKey(keyId);
            return true;
        })) {
        return;
    }
    withPassive([&](modes::KeyStore& store) { store.deleteKey(keyId); });
}

void DeviceKeyStore::deleteCertificate(const std::string& keyId)
{
    if (isFknKey(keyId)) {
        if (_pin == nullptr || _pin->empty()) {
            pinRequired();
        }
        fknStore().deleteCertificate(keyId);
        return;
    }
    if (tryActive<bool>([&](modes::KeyStore& store) {
            store.deleteCertificate(keyId);
            return true;
        })) {
        return;
    }
    withPassive([&](modes::KeyStore& store) { store.deleteCertificate(keyId); });
}

} // namespace tokenbridge::commands
