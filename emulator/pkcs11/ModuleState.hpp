#pragma once

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

    Slot& slot(CK_SLOT_ID id);
    SessionState& session(CK_SESSION_HANDLE handle);
    // Adds slots for readers seen for the first time.
    void refreshReaders();
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
