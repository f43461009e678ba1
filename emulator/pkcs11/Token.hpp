#pragma once

#include "CardLink.hpp"
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

struct TokenData
{
    uint8_t type = 0;
    uint8_t hw[2] {}, fw[2] {};
    uint32_t serial = 0;
    uint8_t features = 0;
    std::string name;
    uint32_t totalMemory = 0, freeMemory = 0;
    bool hasCore() const { return (features & 0x01) != 0; }
};

// The card commands a vendor's module sends, one method each (docs/vtoken.md). Card status
// words become CKRs here.
class Token
{
public:
    Token(std::shared_ptr<const pcsc::Context> context, std::string reader) :
        _link(std::move(context), std::move(reader))
    {
    }

    // Empty when the reader holds no vtoken (or no card).
    std::optional<TokenData> info();
    // VERIFY status of a PIN: -1 verified, 0 blocked, n tries left.
    int pinStatus(uint8_t reference);
    void login(uint8_t reference, const Bytes& pin);
    void logout(uint8_t reference);

    std::vector<CardObject> objects();
    CardObject object(uint8_t ref);
    // Returns the card reference of the new key.
    uint8_t generateKeyPair(uint8_t algorithm, const Bytes& params, const Bytes& hashParams,
        const std::map<uint8_t, Bytes>& attributes);
    uint8_t createDataObject(const std::map<uint8_t, Bytes>& attributes);
    void setAttributes(uint8_t ref, const std::map<uint8_t, Bytes>& attributes);
    void destroy(uint8_t ref);
    Bytes sign(uint8_t ref, const Bytes& digest);

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
    void changePin(uint8_t reference, const Bytes& oldPin, const Bytes& newPin);
    void setUserPin(const Bytes& newPin);
    Bytes random(size_t length);

private:
    ResponseApdu send(const CommandApdu& command);
    // 9000 or the mapped CKR.
    Bytes expectOk(const CommandApdu& command);

    CardLink _link;
};

} // namespace tokenbridge::vtoken::pkcs11
