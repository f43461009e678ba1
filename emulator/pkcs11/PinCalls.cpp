// PIN management (PKCS#11 v2.40 §5.6): C_InitPIN and C_SetPIN over the card's RESET RETRY
// COUNTER and CHANGE REFERENCE DATA. The card checks the PINs and counts the tries; the module
// only keeps its login state in step with the card's.
#include "ModuleState.hpp"

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

// A view of the application's PIN: the module copies it only into the APDU it sends (SecretApdu).
ByteView pinBytes(const unsigned char* pin, CK_ULONG length)
{
    return { pin, length };
}

} // namespace

extern "C" {

CK_RV C_InitPIN(CK_SESSION_HANDLE handle, unsigned char* pin, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& session = s.session(handle);
        if (!(session.flags & CKF_RW_SESSION)) {
            return CKR_SESSION_READ_ONLY;
        }
        Slot& slot = s.slot(session.slot);
        if (slot.loggedIn != CKU_SO) {
            return CKR_USER_NOT_LOGGED_IN;
        }
        if (pin == nullptr) {
            return CKR_ARGUMENTS_BAD; // no protected authentication path
        }
        if (length < MIN_PIN_LENGTH || length > MAX_PIN_LENGTH) {
            return CKR_PIN_LEN_RANGE;
        }
        // A new user PIN with a full try counter (an FKN card re-enrolls its credential too).
        slot.token->setUserPin(pinBytes(pin, length));
        return CKR_OK;
    });
}

CK_RV C_SetPIN(CK_SESSION_HANDLE handle, unsigned char* oldPin, CK_ULONG oldLength,
    unsigned char* newPin, CK_ULONG newLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& session = s.session(handle);
        if (!(session.flags & CKF_RW_SESSION)) {
            return CKR_SESSION_READ_ONLY;
        }
        if (oldPin == nullptr || newPin == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        if (oldLength == 0 || oldLength > MAX_PIN_LENGTH || newLength < MIN_PIN_LENGTH
            || newLength > MAX_PIN_LENGTH) {
            return CKR_PIN_LEN_RANGE;
        }
        Slot& slot = s.slot(session.slot);
        // The PIN of the user logged in; the normal user's when nobody is (§5.6).
        const uint8_t reference = slot.loggedIn == CKU_SO ? PIN_ADMIN : PIN_USER;
        try {
            slot.token->changePin(
                reference, pinBytes(oldPin, oldLength), pinBytes(newPin, newLength));
        } catch (const CkrFailure& failure) {
            // A wrong old PIN also ends the card's verified state of that PIN (ISO 7816-4).
            if (failure.rv == CKR_PIN_INCORRECT) {
                slot.loggedIn.reset();
            }
            throw;
        }
        // The card now counts that PIN as verified; the application is logged in only if it
        // was before.
        if (!slot.loggedIn) {
            slot.token->logout(reference);
        }
        return CKR_OK;
    });
}

} // extern "C"
