#pragma once

#include "Hashing.hpp"
#include "Token.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace tokenbridge::vtoken::pkcs11
{

struct Slot
{
    std::unique_ptr<Token> token;
    // Cryptoki login state is per application: kept here, mirrored by the card's PIN state.
    std::optional<CK_USER_TYPE> loggedIn;
    // The card connection (Token::connection()) the sessions and the login belong to.
    uint64_t connection = 0;
    uint64_t checkedInCall = 0; // ModuleState::calls when the connection was last checked
};

// A secret C_DeriveKey made (the KEG): wiped when its object or its session goes.
struct DerivedKey
{
    Bytes value;
    CK_KEY_TYPE keyType = CKK_GENERIC_SECRET;
    bool readable = false; // made neither sensitive nor unextractable: CKA_VALUE may be read
    DerivedKey(Bytes secret, CK_KEY_TYPE type, bool canRead) :
        value(std::move(secret)), keyType(type), readable(canRead)
    {
    }
    DerivedKey(DerivedKey&&) noexcept = default;
    DerivedKey& operator=(DerivedKey&&) = delete;
    ~DerivedKey()
    {
        for (auto& byte : value) {
            *static_cast<volatile uint8_t*>(&byte) = 0;
        }
    }
};

struct SessionState
{
    CK_SLOT_ID slot = 0;
    CK_FLAGS flags = 0;
    std::vector<CK_OBJECT_HANDLE> found;
    size_t foundPos = 0;
    bool finding = false;
    std::optional<CK_OBJECT_HANDLE> signKey;
    CK_MECHANISM_TYPE signMechanism = 0;
    std::optional<Digest> signHash; // hash-and-sign mechanisms: the data hashed so far
    Bytes signData; // raw mechanisms: the digest given in parts (C_SignUpdate)
    bool signUpdated = false; // C_SignUpdate was called: only C_SignFinal may end it
    std::optional<Digest> digest; // C_DigestInit .. C_Digest / C_DigestFinal
    bool digestUpdated = false;
    // Session secret keys made by C_DeriveKey (DeriveCalls.cpp).
    std::map<CK_OBJECT_HANDLE, DerivedKey> derivedKeys;
};

// Everything the module holds between calls; one lock serializes all calls (as
// CKF_OS_LOCKING_OK allows) so the card sees one command sequence at a time.
struct ModuleState
{
    std::mutex mutex;
    bool initialized = false;
    std::shared_ptr<const pcsc::Context> context; // from C_Initialize to C_Finalize
    std::vector<Slot> slots; // slot id = index; a reader keeps its id while the module lives
    std::map<CK_SESSION_HANDLE, SessionState> sessions;
    CK_SESSION_HANDLE nextSession = 1;
    std::unique_ptr<HashLibrary> hashes; // made when first needed; freed after the sessions
    uint64_t calls = 0; // Cryptoki calls so far (guarded)

    Slot& slot(CK_SLOT_ID id);
    // The session, after checkCard() of its slot: CKR_SESSION_HANDLE_INVALID for a session
    // that was closed, also by the removal of its token.
    SessionState& session(CK_SESSION_HANDLE handle);
    // PKCS#11 closes the sessions of a token that is removed, and the card forgets its PIN state
    // on removal and reset: when the slot's card connection was lost since its sessions were
    // opened, they are closed and the application is logged out. One PC/SC status query (no
    // APDU), at most once per call.
    void checkCard(CK_SLOT_ID id);
    void closeSessions(CK_SLOT_ID id);
    // Adds slots for readers seen for the first time.
    void refreshReaders();
    HashLibrary& hashLibrary();
};

ModuleState& state();

// Object handles: slot, card reference and part, so they stay valid while the object exists.
// Reference 00 is no card object: the token-info hardware feature object (HwFeature.hpp).
CK_OBJECT_HANDLE makeHandle(CK_SLOT_ID slot, uint8_t ref, Part part);
struct HandleParts
{
    CK_SLOT_ID slot;
    uint8_t ref;
    Part part;
};
std::optional<HandleParts> splitHandle(CK_OBJECT_HANDLE handle);

} // namespace tokenbridge::vtoken::pkcs11

namespace tokenbridge::vtoken::pkcs11
{

// Runs one Cryptoki call under the module lock; CkrFailure becomes its CKR, anything else
// CKR_GENERAL_ERROR (never an exception across the C boundary).
template <typename Work> CK_RV guarded(Work&& work, bool needInit = true)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    ++s.calls;
    if (needInit && !s.initialized) {
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    try {
        return work(s);
    } catch (const CkrFailure& failure) {
        return failure.rv;
    } catch (...) {
        return CKR_GENERAL_ERROR;
    }
}

// Copies into a space-padded Cryptoki text field.
void padded(unsigned char* field, size_t size, std::string_view text);

} // namespace tokenbridge::vtoken::pkcs11
