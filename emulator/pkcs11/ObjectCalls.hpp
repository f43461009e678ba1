#pragma once

#include "ModuleState.hpp"

namespace tokenbridge::vtoken::pkcs11
{

struct ObjectRef
{
    Slot* slot;
    CK_SLOT_ID slotId;
    CardObject object;
    Part part;
};

bool loggedInUser(const Slot& slot);

// The object a handle names, as this application may see it now (CKR_OBJECT_HANDLE_INVALID
// otherwise: gone, another slot, or a private key while logged out).
ObjectRef resolve(ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle);

// resolve() for a signature or a key agreement: a private key this module may use itself, else
// CkrFailure (CKR_KEY_TYPE_INCONSISTENT; CKR_KEY_FUNCTION_NOT_PERMITTED for an FKN key: the card
// uses it only over SESPAKE).
ObjectRef resolveUsablePrivateKey(
    ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle);

// Template entries the card stores (tags Cx); the other attribute types go to `unused`.
std::map<uint8_t, Bytes> storedAttributes(
    const CK_ATTRIBUTE* attributes, CK_ULONG count, std::vector<CK_ATTRIBUTE_TYPE>& unused);

// DeriveCalls.cpp: the session secret keys C_DeriveKey makes (a handle range of their own).
bool isDerivedKey(CK_OBJECT_HANDLE handle);
AttributeSet derivedKeyAttributes(
    ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle);
CK_RV destroyDerivedKey(ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle);

} // namespace tokenbridge::vtoken::pkcs11
