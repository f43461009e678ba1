#pragma once

#include "CardPin.hpp"
#include "CryptoProTokenFiles.hpp"
#include "modes/KeyStore.hpp"

#include "crypto/SecureBuffer.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::passive
{

// The CryptoPro containers on a token as keys of the passive store (docs/passive.md
// "CryptoPro containers on the token"). A key id is Streebog-256(primaryFP)[0..20) of the
// header (readable without the PIN where importContainer wrote it), so it is the same with
// and without the PIN. The key is opened in host memory with the container password (the CLI's
// --container-password-file, else the empty one) and never written back: no re-masking.
class CryptoProKeys
{
public:
    // `pin`, `password` may be null; both outlive this object.
    CryptoProKeys(pcsc::Card& card, FilePath root, const security::PinBuffer* pin,
        const security::PinBuffer* password);

    // Without the PIN a container whose header the card protects is not listed; a key without
    // a certificate has its public key only with the PIN (and the right password).
    std::vector<KeyEntry> list();
    std::optional<KeyEntry> find(const std::string& keyId);
    // The key whose fingerprint the SPKI has, if any.
    std::optional<KeyEntry> findByPublicKey(ByteView spki);
    std::unique_ptr<crypto::Signer> signer(const std::string& keyId);
    // RequestError(NOT_EXPORTABLE) unless the header marks the key exportable.
    crypto::SecureBuffer exportKey(const std::string& keyId);
    void remove(const std::string& keyId);
    // `files` validated and re-sealed under the empty password by the caller.
    // RequestError(INVALID_PARAMS) when the token already holds a container of that key.
    KeyEntry import(const CryptoProFiles& files);

private:
    struct Found
    {
        std::uint8_t index;
        KeyEntry entry;
    };
    // Whether a scan opens the keys of containers without a certificate for their public keys:
    // listings do; using one key (which opens it anyway) and import need only the ids.
    enum class PublicKeys { Open, Skip };
    // `session`: the caller's; opened here when the card first wants the PIN (and one is given),
    // so it outlives the scan for what the caller does next.
    std::vector<Found> scan(std::optional<CardPinSession>& session, PublicKeys publicKeys);
    // Verifies the PIN into `session` first: the caller reads the key files next.
    Found locate(const std::string& keyId, std::optional<CardPinSession>& session);
    CryptoProContainer open(std::uint8_t index);

    pcsc::Card& _card;
    cryptopro::TokenContainers _containers;
    const security::PinBuffer* _pin;
    const security::PinBuffer* _password;
};

// The key id of a CryptoPro key from its header's primaryFP (8 bytes).
std::string cryptoProKeyId(ByteView primaryFp);

} // namespace tokenbridge::modes::passive
