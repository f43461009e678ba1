#pragma once

#include "KeyRouting.hpp"
#include "devices/Device.hpp"
#include "modes/KeyStore.hpp"
#include "modes/active/TokenLocator.hpp"

#include <functional>
#include <optional>

namespace tokenbridge::devices
{
class DeviceService;
}
namespace tokenbridge::security
{
class PinBuffer;
}
namespace tokenbridge::modes::passive
{
class PassiveKeyStore;
}
namespace tokenbridge::modes::fkn
{
class FknKeyStore;
struct KeyAttributes;
} // namespace tokenbridge::modes::fkn

namespace tokenbridge
{
class Error;
}

namespace tokenbridge::commands
{

// The PKCS#11 slot of a device, when the compatibility matrix gives it an active mode
// (active-pkcs11 or active-crypt, both served through PKCS#11) and an installed module serves the
// token (reader + serial). Modules are loaded once per process.
std::optional<modes::active::TokenLocation> activeLocation(const devices::Device& device);

// All keys of one device across the stores this host implements: the FKN store (SESPAKE + secure
// channel, when servesFkn), the active store (PKCS#11) when the device has one, and the passive
// store (key files on the token). Existing keys are used through whichever store holds them, FKN
// first (an FKN key also shows through PKCS#11: it is listed once, as "fkn"); new keys go to
// `target`. Each FKN and passive operation holds the card (DeviceService::withCard) only for its
// length; the active store is never used while the card is held (the module opens its own PC/SC
// connection and would wait for our transaction), and its module is located only when needed.
class DeviceKeyStore final : public modes::KeyStore
{
public:
    DeviceKeyStore(devices::DeviceService& service, devices::Device device,
        const security::PinBuffer* pin, KeyMode target);

    [[nodiscard]] std::string mode() const override;
    std::vector<modes::KeyEntry> listKeys() override;
    modes::KeyEntry findKey(const std::string& keyId) override;
    modes::KeyEntry generateKey(const modes::GenerateKeyRequest& request) override;
    modes::KeyEntry importCertificate(ByteView certificateDer) override;
    std::unique_ptr<crypto::Signer> signer(const std::string& keyId) override;
    void deleteKey(const std::string& keyId) override;
    void deleteCertificate(const std::string& keyId) override;

    // Runs `work` on the passive store with the card held (exportKey).
    void withPassive(const std::function<void(modes::passive::PassiveKeyStore&)>& work);
    // Is the key an FKN key of this device (plain listing, no PIN)?
    bool isFknKey(const std::string& keyId);
    // The token's own attributes of an FKN key, read inside an FKN session (needs the PIN).
    modes::fkn::KeyAttributes confirmFknKey(const std::string& keyId);

private:
    // Throws PIN_REQUIRED (or PIN_BLOCKED) with the card's retry counter.
    [[noreturn]] void pinRequired();
    // -1 when unknown.
    int retriesLeft();
    // Rethrows PIN_REQUIRED / PIN_INCORRECT of the active store with the card's counter.
    void translatePinError(const Error& error);
    // The active store's answer, or nullopt when it has no such key (then passive is asked).
    template <typename T>
    std::optional<T> tryActive(const std::function<T(modes::KeyStore&)>& work);
    // The FKN store's answer, or nullopt when the device has no FKN or no such FKN key.
    template <typename T> std::optional<T> tryFkn(const std::function<T(modes::KeyStore&)>& work);
    modes::fkn::FknKeyStore fknStore();
    // The PKCS#11 slot, located on first use.
    const std::optional<modes::active::TokenLocation>& active();
    // The PIN for listing through PKCS#11: none on an FKN token.
    const security::PinBuffer* listingPin() const;

    devices::DeviceService& _service;
    devices::Device _device;
    const security::PinBuffer* _pin;
    std::optional<std::optional<modes::active::TokenLocation>> _active;
    KeyMode _target;
    bool _fkn;
};

} // namespace tokenbridge::commands
