#pragma once

#include "CardLink.hpp"
#include "FileObjects.hpp"
#include "Objects.hpp"

#include <memory>
#include <string>

namespace tokenbridge::vtoken::pkcs11
{

// A failed Cryptoki call: the CKR to return.
struct CkrFailure
{
    CK_RV rv;
};

// The card's PIN references (VERIFY P2) and its limits for a new PIN (docs/vtoken.md "PINs").
inline constexpr uint8_t PIN_ADMIN = 0x01;
inline constexpr uint8_t PIN_USER = 0x02;
inline constexpr CK_ULONG MIN_PIN_LENGTH = 6;
inline constexpr CK_ULONG MAX_PIN_LENGTH = 32;

// Card status word -> CKR (docs/vtoken.md "APDU set").
CK_RV ckrOfStatus(uint16_t sw);

// What the card says about itself in its vendor information (docs/vtoken.md "Vendor
// information"), the way Aktiv's library learns versions and counters from a real Rutoken.
struct TokenData
{
    uint8_t type = 0; // rtpkcs11ecp TOKEN_TYPE_*
    uint8_t hw[2] {}, fw[2] {};
    uint32_t serial = 0;
    uint32_t flags = 0; // the model's TOKEN_FLAGS_* (FKN, flash drive, button)
    uint8_t features = 0;
    uint8_t currentInterface = 0, supportedInterfaces = 0; // INTERFACE_TYPE_* bits
    std::string name; // the marketing name, from firmware 32 on
    uint32_t totalMemory = 0, freeMemory = 0;
    uint8_t maxTries[2] {}; // user, admin
    uint8_t pinLength[2] {}; // min, max
    bool hasCore() const { return (features & 0x01) != 0; }
};

// The card commands a vendor's module sends, one method each (docs/vtoken.md). Card status
// words become CKRs here.
class Token
{
public:
    Token(std::shared_ptr<const pcsc::Context> context, std::string reader) :
        _link(std::move(context), std::move(reader)), _files(_link)
    {
    }

    // Empty when the reader holds no vtoken (or no card). Asked on every presence check, so
    // it is the cheap vendor object; --hide-token-info does not touch it. Read once per card
    // connection (TokenCache.cpp; a lost connection is noticed with SCardStatus, no APDU), as
    // Aktiv's library identifies a token once per insertion; `fresh` reads it again (the free
    // memory changes).
    std::optional<TokenData> info(bool fresh = false);
    // Bits 01 admin, 02 user: that PIN is no longer the factory PIN (the card checks).
    uint8_t changedPins();
    // The ATR as PC/SC reports it.
    Bytes atr();
    // VERIFY status of a PIN: -1 verified, 0 blocked, n tries left.
    int pinStatus(uint8_t reference);
    void login(uint8_t reference, ByteView pin);
    void logout(uint8_t reference);

    // The card's objects; on a storage-only card (no object commands) the module's files.
    // While the application holds a session on the slot (holdObjects), what LIST and READ
    // OBJECT answered is kept (TokenCache.cpp): a login or logout lists again (private objects
    // appear, or go), a change through this module drops it all, a lost connection too.
    std::vector<CardObject> objects();
    CardObject object(uint8_t ref);
    // On while the application has a session open on the slot; off drops what was kept.
    void holdObjects(bool on);
    // Returns the card reference of the new key.
    uint8_t generateKeyPair(uint8_t algorithm, const Bytes& params, const Bytes& hashParams,
        const std::map<uint8_t, Bytes>& attributes);
    uint8_t createDataObject(const std::map<uint8_t, Bytes>& attributes);
    void setAttributes(uint8_t ref, const std::map<uint8_t, Bytes>& attributes);
    void destroy(uint8_t ref);
    Bytes sign(uint8_t ref, const Bytes& digest);
    // DeriveCalls.cpp: KEY AGREEMENT (80 86): the card's KEG with a peer's public key.
    Bytes keyAgreement(uint8_t ref, const Bytes& peerPublic, const Bytes& ukm);

    const std::string& reader() const { return _link.reader(); }

    // The card connection the card's PIN state belongs to: another value after the card was
    // removed or reset (CardLink::probe, no APDU).
    uint64_t connection()
    {
        _link.probe();
        return _link.losses();
    }

    // TokenAdmin.cpp: CHANGE REFERENCE DATA, RESET RETRY COUNTER (admin PIN verified), GET
    // CHALLENGE.
    void changePin(uint8_t reference, ByteView oldPin, ByteView newPin);
    void setUserPin(ByteView newPin);
    Bytes random(size_t length);

private:
    std::optional<TokenData> readInfo();
    // LIST OBJECTS: the references; nullopt on a card without object commands.
    std::optional<std::vector<uint8_t>> listObjects();
    CardObject readObject(uint8_t ref);
    std::vector<CardObject> fileObjects(); // a storage-only card's: FileObjects'
    // Drops what objects() kept when the card connection changed since.
    void checkKept();
    void dropKept();
    ResponseApdu send(const CommandApdu& command);
    // 9000 or the mapped CKR.
    Bytes expectOk(const CommandApdu& command);
    // An object command: its data; empty when the card has no such command (6D00, a
    // storage-only model), whose objects FileObjects keeps instead.
    std::optional<Bytes> objectCommand(const CommandApdu& command);
    template <typename Work> auto onFiles(Work&& work);

    CardLink _link;
    FileObjects _files;
    // TokenCache.cpp: the vendor information and the objects, for the connection `_keptOn`.
    std::optional<TokenData> _info;
    uint64_t _infoOn = 0;
    bool _holding = false;
    std::optional<std::vector<uint8_t>> _listed; // LIST OBJECTS' answer, until a login or logout
    std::map<uint8_t, CardObject> _kept;
    uint64_t _keptOn = 0;
};

} // namespace tokenbridge::vtoken::pkcs11
