#pragma once

#include "DataStore.hpp"
#include "KeyMemo.hpp"
#include "KeyStore.hpp"

#include "crypto/SecureBuffer.hpp"
#include "devices/DeviceSession.hpp"
#include "modes/active/TokenLocator.hpp"
#include "modes/fkn/FknKeyStore.hpp"
#include "modes/passive/ReadCache.hpp"
#include "security/PinPolicy.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::security
{
class PinBuffer;
}
namespace tokenbridge::modes::active
{
class ModuleSet;
class Session;
} // namespace tokenbridge::modes::active

namespace tokenbridge::modes::passive
{
struct CryptoProFiles;
}

namespace tokenbridge::modes
{

// One request's road to the keys of one token (KeyService::open): the key stores the token
// offers, in preference order (STORES: FKN, active, passive), over the request's DeviceSession.
// A key's store is resolved once per request (findKey) and every later call for that key goes
// straight to it. The FKN and passive stores talk to the token through the session's card (one
// PC/SC transaction for all of them); the active store's PKCS#11 module opens its own connection,
// so the session lets go of the card before the module is called. PIN errors carry the card's
// retry counter whatever store raised them.
class KeyRouter
{
public:
    // `pin` (may be null) and `modules` outlive the router. `memo`: what earlier requests learnt
    // about this insertion of the token (may be null: nothing is remembered).
    KeyRouter(devices::DeviceSession session, const security::PinBuffer* pin,
        active::ModuleSet& modules, const security::PinBuffer* containerPassword = nullptr,
        std::shared_ptr<KeyMemo> memo = nullptr);
    ~KeyRouter();
    KeyRouter(KeyRouter&&) noexcept;
    KeyRouter& operator=(KeyRouter&&) = delete;

    [[nodiscard]] const devices::Device& device() const noexcept { return _session.device(); }

    // Every store's keys; an FKN key also seen through PKCS#11 is listed once, as FKN.
    std::vector<KeyEntry> listKeys();
    // RequestError(KEY_NOT_FOUND) when no store holds it.
    KeyEntry findKey(const std::string& keyId);
    // In the store of generateKeyPair's `mode` ("auto", "passive", "active", "fkn", ...;
    // StoreChoice.hpp); UserActionError(MODE_NOT_SUPPORTED) when the token does not offer it.
    KeyEntry generateKey(const GenerateKeyRequest& request, std::string_view requestedMode);
    // With the key whose public key the certificate carries; KEY_NOT_FOUND when none.
    KeyEntry importCertificate(ByteView certificateDer);
    // A signer for `key` as findKey or listKeys described it; lives as long as the router.
    std::unique_ptr<crypto::Signer> signer(const KeyEntry& key);
    // decrypt's key agreement with `key`, in its store; lives as long as the router.
    std::unique_ptr<crypto::KeyAgreement> keyAgreement(const KeyEntry& key);
    void deleteKey(const std::string& keyId);
    void deleteCertificate(const std::string& keyId);
    // In the key's own store (KeyStore::setKeyLabel / setCertificateLabel).
    KeyEntry setKeyLabel(const std::string& keyId, const std::string& label);
    KeyEntry setCertificateLabel(const std::string& keyId, const std::string& label);
    // PKCS#8 PEM of a passive key whose container allows it; RequestError(NOT_EXPORTABLE)
    // otherwise (other keys never leave their token).
    crypto::SecureBuffer exportKey(const std::string& keyId);
    // A CryptoPro container (validated and re-sealed under the empty password by the caller)
    // copied onto the token in CSP's layout, in the passive store.
    KeyEntry importContainer(const passive::CryptoProFiles& files);
    // The token's own attributes of an FKN key, read inside an FKN session (needs the PIN).
    fkn::KeyAttributes readFknAttributes(const std::string& keyId);
    // Data objects (KeyRouterData.cpp): through the FKN channel on a token served in FKN mode,
    // else the PKCS#11 module, else files of ours next to the containers (passive).
    std::vector<DataObject> listData();
    void writeData(const DataObject& object);
    bool removeData(const std::string& name);

    // PINs (KeyRouterPins.cpp, docs/protocol-keys.md "changePin"): the router's PIN authorizes
    // (the user's for PinType::User, else the admin's); the new PIN is checked against the
    // token's policy before anything is sent. An FKN token's user PIN changes inside the FKN
    // channel, a token a PKCS#11 module serves through the module, others with the card's
    // commands.
    enum class PinType { User, Admin };
    void changePin(PinType type, const security::PinBuffer& newPin);
    // The user PIN unblocked with the admin PIN (the router's), with a new one when given. Returns
    // the passive keys sealed under the user PIN the token had (they open again only under it).
    std::vector<std::string> unblockUserPin(const security::PinBuffer* newUserPin);
    // The lengths the token accepts for a new PIN.
    security::PinPolicy pinPolicy();
    // On a token this host keeps FKN keys on: the wrong PINs SESPAKE still accepts (C_1, read
    // without spending one; docs/fkn.md). nullopt elsewhere, or when the token does not say.
    std::optional<int> sespakeTriesLeft();

private:
    struct StoreKind
    {
        Mode mode;
        bool usesCard; // false: reached through a PKCS#11 module's own connection
        bool (KeyRouter::*offered)();
        std::unique_ptr<KeyStore> (KeyRouter::*open)(bool listing);
    };
    static const StoreKind STORES[3];

    static const StoreKind& kindOf(Mode mode);
    template <typename Work> auto onStore(const StoreKind& kind, Work&& work, bool listing = false);
    Mode resolve(const std::string& keyId);
    // Rethrows a PIN_REQUIRED / PIN_INCORRECT without a retry count with the card's counter
    // (VERIFY without data spends no try), as PIN_BLOCKED when none are left.
    [[noreturn]] void rethrowWithRetries(const UserActionError& error);
    // The same for the PIN `reference` (devices::PIN_USER / PIN_ADMIN) of a PIN operation.
    [[noreturn]] void rethrowPinError(const UserActionError& error, std::uint8_t reference);
    const security::PinBuffer& authorizingPin(std::uint8_t reference);
    void changeOnToken(PinType type, std::uint8_t reference, const security::PinBuffer& current,
        const security::PinBuffer& newPin);

    std::unique_ptr<DataStore> openData();
    template <typename Work> auto onData(Work&& work);
    bool hasFkn();
    bool hasActive();
    bool hasPassive();
    std::unique_ptr<KeyStore> openFkn(bool listing);
    std::unique_ptr<KeyStore> openActive(bool listing);
    std::unique_ptr<KeyStore> openPassive(bool listing);
    // The PKCS#11 slot of the token, located on first use.
    const std::optional<active::TokenLocation>& activeLocation();
    // Raw APDUs to the card this router holds, for the FKN stores and SESPAKE.
    fkn::Transmit cardTransmit();

    // A session on the token's PKCS#11 slot for the whole request: a module keeps what it read of
    // the token while the application holds a session (libvtoken-pkcs11 does), so finding a key
    // and then signing with it read the objects once. Declared before _session: closed after the
    // session's PC/SC transaction ends (the module's SCardStatus would wait for it).
    std::shared_ptr<active::Session> _activeHold;
    devices::DeviceSession _session;
    const security::PinBuffer* _pin;
    const security::PinBuffer* _containerPassword; // CryptoPro containers on the token; may be null
    active::ModuleSet& _modules;
    std::optional<std::optional<active::TokenLocation>> _active;
    std::map<std::string, Mode> _resolved; // key id -> the mode of its store
    std::shared_ptr<KeyMemo> _memo; // never null
    passive::ReadCache _passiveFiles; // the passive store's files read in this request
    // DeviceSession::release, and the copies of files read through it dropped.
    void releaseCard() noexcept;
    // KeyMemo's store of the key: tried first, forgotten when the key is not there.
    std::optional<KeyEntry> findInRemembered(const std::string& keyId);
};

} // namespace tokenbridge::modes
