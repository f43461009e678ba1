#pragma once

#include "TokenLocator.hpp"
#include "modes/KeyStore.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::active
{

// The keys of a PKCS#11 token (docs/active.md): generated (non-extractable) and used on the
// token. Whether a key can leave the token is read from its private key's attributes, so it is
// unknown in a listing without the PIN. Each call opens its own session and logs in only for its
// length; a signer keeps its session and login until it is destroyed. The PKCS#11 module opens its
// own PC/SC connection: never use this store while holding the same card with
// DeviceService::withCard (the module's transaction would wait for ours).
class ActiveKeyStore final : public KeyStore
{
public:
    // `pin` may be null for listing (public keys and certificates only need no login).
    ActiveKeyStore(
        tokenbridge::modes::active::TokenLocation location, const security::PinBuffer* pin);

    [[nodiscard]] Mode mode() const override { return Mode::ActivePkcs11; }
    std::vector<KeyEntry> listKeys() override;
    KeyEntry findKey(const std::string& keyId) override;
    KeyEntry generateKey(const GenerateKeyRequest& request) override;
    KeyEntry importCertificate(ByteView certificateDer) override;
    std::unique_ptr<crypto::Signer> signer(const KeyEntry& key) override;
    std::unique_ptr<crypto::KeyAgreement> keyAgreement(const KeyEntry& key) override;
    void deleteKey(const std::string& keyId) override;
    void deleteCertificate(const std::string& keyId) override;
    KeyEntry setKeyLabel(const std::string& keyId, const std::string& label) override;
    KeyEntry setCertificateLabel(const std::string& keyId, const std::string& label) override;

private:
    tokenbridge::modes::active::TokenLocation _location;
    const security::PinBuffer* _pin;
};

} // namespace tokenbridge::modes::active
