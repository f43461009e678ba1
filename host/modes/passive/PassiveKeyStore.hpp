#pragma once

#include "ContainerCodec.hpp"
#include "CryptoProKeys.hpp"
#include "TokenFiles.hpp"
#include "modes/KeyStore.hpp"

#include "crypto/SecureBuffer.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::passive
{

// File ids of docs/passive.md.
inline constexpr std::uint16_t CONTAINER_DF = 0x4B00;
inline constexpr std::uint16_t DIRECTORY_EF = 0x4B01;
inline constexpr std::uint16_t PUBLIC_BASE = 0x4C00; // public parts 4Cnn
inline constexpr std::uint16_t PRIVATE_BASE = 0x4D00; // private parts 4Dnn

// Key containers in files on the token (docs/passive.md): our own (DF 4B00) and CryptoPro CSP's
// (CryptoProKeys, in the layout of `cryptoProRoot`). Works on every model: it needs only the file
// system and the user PIN. The card must be held by the caller (withCard) for the store's
// lifetime; `pin` may be null for listing, `containerPassword` (a CryptoPro container's, from the
// command line only) may be null.
class PassiveKeyStore final : public KeyStore
{
public:
    PassiveKeyStore(pcsc::Card& card, const security::PinBuffer* pin,
        const FilePath& cryptoProRoot = cryptopro::rootFor(""),
        const security::PinBuffer* containerPassword = nullptr);

    [[nodiscard]] Mode mode() const override { return Mode::Passive; }
    // The request's copies of the directory and public parts (TokenFiles::useCache), and READ
    // BINARY of up to 4 KiB at once on a token that takes extended APDUs.
    void useFileCache(ReadCache* cache, bool extendedReads)
    {
        _files.useCache(cache);
        _files.useExtendedReads(extendedReads);
    }
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
    // PKCS#8 PEM of the key; RequestError(NOT_EXPORTABLE) unless the container allows it.
    crypto::SecureBuffer exportKey(const std::string& keyId);
    // A CryptoPro container (validated, re-sealed under the empty password) copied onto the token.
    KeyEntry importContainer(const CryptoProFiles& files);

    // A new user PIN keeps the own containers, which are sealed under it (PassiveReseal.cpp,
    // docs/passive.md "A new PIN"). stageReseal (this store's PIN = the current one) writes each
    // private part sealed under `newPin` into a fresh file, leaving the directory as it is; once
    // the token took the new PIN, commitReseal (a store with the new PIN) points the directory at
    // them (one write: the commit point) and removes the old parts; abandonReseal removes the
    // fresh files. No own container: nothing is staged and no PIN is sent.
    struct Reseal
    {
        Directory directory; // as committed: the fresh private parts
        std::vector<std::uint16_t> replaced; // the old private parts
    };
    Reseal stageReseal(const security::PinBuffer& newPin);
    void commitReseal(const Reseal& reseal);
    void abandonReseal(const Reseal& reseal) noexcept;
    // The key ids of the own containers (no PIN): those a PIN unknown to the host sealed.
    std::vector<std::string> ownKeyIds();

private:
    struct Slot
    {
        DirectoryEntry entry;
        PublicPart publicPart;
    };
    Directory readDirectory();
    std::vector<Slot> readSlots(const Directory& directory);
    Slot findSlot(const Directory& directory, const std::string& keyId);
    std::optional<Slot> findOwn(const Directory& directory, const std::string& keyId);
    crypto::SecureBuffer decryptKey(const Slot& slot);
    void prepareForWriting();
    std::uint16_t freeFid(const Directory& directory, std::uint16_t base, bool isPublic);
    void writeVerified(std::uint16_t fid, ByteView data, std::uint8_t readAccess);
    void commit(Directory directory);
    void replacePublicPart(Directory& directory, const Slot& slot);
    [[noreturn]] void refuseCryptoPro(const std::string& keyId);
    void removeFresh(const Reseal& reseal) noexcept;

    pcsc::Card& _card;
    const security::PinBuffer* _pin;
    TokenFiles _files;
    CryptoProKeys _cryptoPro;
};

KeyEntry toKeyEntry(const PublicPart& part);
// Same curve point, whatever optional parameters the two SPKI encodings carry.
bool samePublicKey(ByteView a, ByteView b);

} // namespace tokenbridge::modes::passive
