#pragma once

#include "core/Bytes.hpp"
#include "core/Mode.hpp"
#include "core/Error.hpp"
#include "crypto/KeyAgreement.hpp"
#include "crypto/KeyAlgorithm.hpp"
#include "crypto/Signer.hpp"

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes
{

// Can the private key leave the token (the Key object's "extractable": false, true, null)?
// Unknown is never guessed into one of the others: a store that did not read it says so.
enum class Extractable { No, Yes, Unknown };

// Where a key's Extractable comes from (the Key object's "extractableFrom").
enum class ExtractableSource {
    None, // Unknown: the private key was not read (a PKCS#11 listing without login)
    PassiveMode, // a passive key is decrypted in host memory whenever it is used
    Pkcs11Attributes, // the private key's CKA_EXTRACTABLE and CKA_SENSITIVE, read from the token
    FknObjectList, // the token's object list marks the key FKN (such keys never leave it)
    FknSession, // the token's own answer (8C 5D) inside an FKN session opened with the PIN
};

// Whose format a passive key's container is (the Key object's "container"); None: not passive.
enum class ContainerFormat { None, Tokenbridge, CryptoPro };

// The private key's attributes as the PKCS#11 module reported them; nullopt: not reported.
struct Pkcs11KeyAttributes
{
    std::optional<bool> extractable; // CKA_EXTRACTABLE: may be wrapped out of the token
    std::optional<bool> sensitive; // CKA_SENSITIVE: its value cannot be read in clear
    std::optional<bool> neverExtractable; // CKA_NEVER_EXTRACTABLE
    std::optional<bool> alwaysSensitive; // CKA_ALWAYS_SENSITIVE
};

// One key on a token as every mode describes it (docs/protocol-keys.md "Key object").
struct KeyEntry
{
    // hex; passive: Streebog-256(SPKI)[0..20), CryptoPro: Streebog-256(primaryFP)[0..20)
    std::string keyId;
    Mode mode = Mode::Passive; // the store's: Fkn, ActivePkcs11 or Passive
    Extractable extractable = Extractable::Unknown;
    ExtractableSource extractableFrom = ExtractableSource::None;
    std::optional<Pkcs11KeyAttributes> pkcs11Attributes; // PKCS#11 keys whose private key was read
    bool exportable = false; // may be written out as a file (passive only)
    ContainerFormat container = ContainerFormat::None;
    crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::Gost2012_256;
    std::string paramSetOid;
    std::string label;
    std::time_t created = 0;
    Bytes publicKeySpki; // empty: not known yet (a CryptoPro key without certificate or PIN)
    std::optional<Bytes> certificate; // DER
    std::string certificateLabel; // the certificate's own label, where the store keeps one
};

struct GenerateKeyRequest
{
    crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::Gost2012_256;
    std::string paramSet; // the gost engine's name ("A", "TCA", ...); empty = "A"
    std::string label;
    bool exportable = false;
};

// The keys of one mode on one token (modes/KeyRouter.hpp picks the store of a request). The PIN,
// when an operation needs it, was given to the store's constructor; a store never keeps the card's
// security state after the call that needed it. A PIN error may lack the retry count: the router
// adds the card's.
class KeyStore
{
public:
    virtual ~KeyStore() = default;
    [[nodiscard]] virtual Mode mode() const = 0;
    // No PIN needed.
    virtual std::vector<KeyEntry> listKeys() = 0;
    // Throws RequestError(KEY_NOT_FOUND).
    virtual KeyEntry findKey(const std::string& keyId) = 0;
    virtual KeyEntry generateKey(const GenerateKeyRequest& request) = 0;
    // Stores the certificate with the key whose public key it carries; RequestError
    // (KEY_NOT_FOUND) when no key matches.
    virtual KeyEntry importCertificate(ByteView certificateDer) = 0;
    // A signer for `key` (as this store's listKeys/findKey described it), usable after the call
    // returns (passive: the decrypted key, wiped when the signer is destroyed).
    virtual std::unique_ptr<crypto::Signer> signer(const KeyEntry& key) = 0;
    virtual void deleteKey(const std::string& keyId) = 0;
    // decrypt's key agreement with `key` (crypto/KeyAgreement.hpp), usable after the call returns:
    // inside the token for FKN and active keys (only the agreed secret leaves it), in host memory
    // for passive ones. A store that cannot: MODE_NOT_SUPPORTED.
    virtual std::unique_ptr<crypto::KeyAgreement> keyAgreement(const KeyEntry& key)
    {
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "this key's store cannot decrypt with it", { { "keyId", key.keyId } });
    }
    virtual void deleteCertificate(const std::string& keyId) = 0;
    // Labels (setKeyLabel / setCertificateLabel): written where listKeys reads them, so they stay
    // across a re-plug; the key as listed afterwards. A store whose format has no such label
    // refuses with UserActionError(MODE_NOT_SUPPORTED); no certificate: CERTIFICATE_NOT_FOUND.
    virtual KeyEntry setKeyLabel(const std::string& keyId, const std::string& label) = 0;
    virtual KeyEntry setCertificateLabel(const std::string& keyId, const std::string& label) = 0;
};

} // namespace tokenbridge::modes
