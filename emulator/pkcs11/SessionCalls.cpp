// Sessions and login (PKCS#11 v2.40 §5.6). Login state is per application and slot; the card's
// PIN counters decide what a wrong PIN returns.
#include "ModuleState.hpp"

#include <algorithm>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

uint8_t pinReference(CK_USER_TYPE user)
{
    if (user == CKU_USER) {
        return PIN_USER;
    }
    if (user == CKU_SO) {
        return PIN_ADMIN;
    }
    throw CkrFailure { CKR_USER_TYPE_INVALID };
}

} // namespace

extern "C" {

CK_RV C_OpenSession(CK_SLOT_ID id, CK_FLAGS flags, void*, CK_NOTIFY, CK_SESSION_HANDLE* handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(id);
        if (handle == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        if (!(flags & CKF_SERIAL_SESSION)) {
            return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
        }
        s.checkCard(id); // sessions of a card removed meanwhile are gone, and the login too
        if (!slot.token->info()) {
            return CKR_TOKEN_NOT_PRESENT;
        }
        if (!(flags & CKF_RW_SESSION) && slot.loggedIn == CKU_SO) {
            return CKR_SESSION_READ_WRITE_SO_EXISTS; // the SO works in R/W sessions only
        }
        *handle = s.nextSession++;
        slot.token->holdObjects(true);
        SessionState& session = s.sessions[*handle];
        session.slot = id;
        session.flags = flags;
        return CKR_OK;
    });
}

CK_RV C_CloseSession(CK_SESSION_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const CK_SLOT_ID id = s.session(handle).slot;
        s.sessions.erase(handle);
        bool last = true;
        for (const auto& [h, session] : s.sessions) {
            last = last && session.slot != id;
        }
        if (last) {
            s.slot(id).token->holdObjects(false);
        }
        // Closing the last session of a slot logs the application out (§5.6).
        if (last && s.slot(id).loggedIn) {
            try {
                s.slot(id).token->logout(pinReference(*s.slot(id).loggedIn));
            } catch (const CkrFailure&) {
            }
            s.slot(id).loggedIn.reset();
        }
        return CKR_OK;
    });
}

CK_RV C_CloseAllSessions(CK_SLOT_ID id)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(id);
        std::erase_if(s.sessions, [id](const auto& entry) { return entry.second.slot == id; });
        slot.token->holdObjects(false);
        if (slot.loggedIn) {
            try {
                slot.token->logout(pinReference(*slot.loggedIn));
            } catch (const CkrFailure&) {
            }
            slot.loggedIn.reset();
        }
        return CKR_OK;
    });
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE handle, CK_SESSION_INFO* info)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& session = s.session(handle);
        if (info == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        const bool rw = session.flags & CKF_RW_SESSION;
        const auto& login = s.slot(session.slot).loggedIn;
        info->slotID = session.slot;
        info->flags = session.flags;
        info->ulDeviceError = 0;
        info->state = !login   ? (rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION)
            : *login == CKU_SO ? CKS_RW_SO_FUNCTIONS
            : rw               ? CKS_RW_USER_FUNCTIONS
                               : CKS_RO_USER_FUNCTIONS;
        return CKR_OK;
    });
}

CK_RV C_Login(CK_SESSION_HANDLE handle, CK_USER_TYPE user, unsigned char* pin, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const CK_SLOT_ID id = s.session(handle).slot;
        Slot& slot = s.slot(id);
        const uint8_t reference = pinReference(user);
        if (slot.loggedIn) {
            return *slot.loggedIn == user ? CKR_USER_ALREADY_LOGGED_IN
                                          : CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
        }
        const bool readOnlyOpen = std::ranges::any_of(s.sessions, [id](const auto& entry) {
            return entry.second.slot == id && !(entry.second.flags & CKF_RW_SESSION);
        });
        if (user == CKU_SO && readOnlyOpen) {
            return CKR_SESSION_READ_ONLY_EXISTS;
        }
        if (pin == nullptr || length == 0) {
            return CKR_ARGUMENTS_BAD; // no protected authentication path
        }
        if (length > 32) {
            return CKR_PIN_LEN_RANGE;
        }
        slot.token->login(reference, ByteView(pin, length));
        slot.loggedIn = user;
        return CKR_OK;
    });
}

CK_RV C_Logout(CK_SESSION_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(s.session(handle).slot);
        if (!slot.loggedIn) {
            return CKR_USER_NOT_LOGGED_IN;
        }
        const uint8_t reference = pinReference(*slot.loggedIn);
        slot.loggedIn.reset();
        slot.token->logout(reference);
        return CKR_OK;
    });
}

// Legacy functions (§5.16): a module without parallel functions answers
// CKR_FUNCTION_NOT_PARALLEL.
CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        (void)s.session(handle);
        return CKR_FUNCTION_NOT_PARALLEL;
    });
}

CK_RV C_CancelFunction(CK_SESSION_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        (void)s.session(handle);
        return CKR_FUNCTION_NOT_PARALLEL;
    });
}

} // extern "C"
