// The Cryptoki function list. Functions this token does not offer (encryption, digesting on
// the card, PIN management, unwrapping, ...) answer CKR_FUNCTION_NOT_SUPPORTED.
#include "ModuleState.hpp"

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

// A captureless generic lambda converts to any of the function pointer types.
constexpr auto NOT_SUPPORTED = [](auto...) -> CK_RV { return CKR_FUNCTION_NOT_SUPPORTED; };

CK_FUNCTION_LIST makeList()
{
    CK_FUNCTION_LIST list {};
    list.version = { 2, 40 };
    list.C_Initialize = C_Initialize;
    list.C_Finalize = C_Finalize;
    list.C_GetInfo = C_GetInfo;
    list.C_GetFunctionList = C_GetFunctionList;
    list.C_GetSlotList = C_GetSlotList;
    list.C_GetSlotInfo = C_GetSlotInfo;
    list.C_GetTokenInfo = C_GetTokenInfo;
    list.C_GetMechanismList = C_GetMechanismList;
    list.C_GetMechanismInfo = C_GetMechanismInfo;
    list.C_InitToken = NOT_SUPPORTED;
    list.C_InitPIN = NOT_SUPPORTED;
    list.C_SetPIN = NOT_SUPPORTED;
    list.C_OpenSession = C_OpenSession;
    list.C_CloseSession = C_CloseSession;
    list.C_CloseAllSessions = C_CloseAllSessions;
    list.C_GetSessionInfo = C_GetSessionInfo;
    list.C_GetOperationState = NOT_SUPPORTED;
    list.C_SetOperationState = NOT_SUPPORTED;
    list.C_Login = C_Login;
    list.C_Logout = C_Logout;
    list.C_CreateObject = C_CreateObject;
    list.C_CopyObject = NOT_SUPPORTED;
    list.C_DestroyObject = C_DestroyObject;
    list.C_GetObjectSize = NOT_SUPPORTED;
    list.C_GetAttributeValue = C_GetAttributeValue;
    list.C_SetAttributeValue = C_SetAttributeValue;
    list.C_FindObjectsInit = C_FindObjectsInit;
    list.C_FindObjects = C_FindObjects;
    list.C_FindObjectsFinal = C_FindObjectsFinal;
    list.C_EncryptInit = NOT_SUPPORTED;
    list.C_Encrypt = NOT_SUPPORTED;
    list.C_EncryptUpdate = NOT_SUPPORTED;
    list.C_EncryptFinal = NOT_SUPPORTED;
    list.C_DecryptInit = NOT_SUPPORTED;
    list.C_Decrypt = NOT_SUPPORTED;
    list.C_DecryptUpdate = NOT_SUPPORTED;
    list.C_DecryptFinal = NOT_SUPPORTED;
    list.C_DigestInit = NOT_SUPPORTED;
    list.C_Digest = NOT_SUPPORTED;
    list.C_DigestUpdate = NOT_SUPPORTED;
    list.C_DigestKey = NOT_SUPPORTED;
    list.C_DigestFinal = NOT_SUPPORTED;
    list.C_SignInit = C_SignInit;
    list.C_Sign = C_Sign;
    list.C_SignUpdate = NOT_SUPPORTED;
    list.C_SignFinal = NOT_SUPPORTED;
    list.C_SignRecoverInit = NOT_SUPPORTED;
    list.C_SignRecover = NOT_SUPPORTED;
    list.C_VerifyInit = NOT_SUPPORTED;
    list.C_Verify = NOT_SUPPORTED;
    list.C_VerifyUpdate = NOT_SUPPORTED;
    list.C_VerifyFinal = NOT_SUPPORTED;
    list.C_VerifyRecoverInit = NOT_SUPPORTED;
    list.C_VerifyRecover = NOT_SUPPORTED;
    list.C_DigestEncryptUpdate = NOT_SUPPORTED;
    list.C_DecryptDigestUpdate = NOT_SUPPORTED;
    list.C_SignEncryptUpdate = NOT_SUPPORTED;
    list.C_DecryptVerifyUpdate = NOT_SUPPORTED;
    list.C_GenerateKey = NOT_SUPPORTED;
    list.C_GenerateKeyPair = C_GenerateKeyPair;
    list.C_WrapKey = C_WrapKey;
    list.C_UnwrapKey = NOT_SUPPORTED;
    list.C_DeriveKey = NOT_SUPPORTED;
    list.C_SeedRandom = NOT_SUPPORTED;
    list.C_GenerateRandom = NOT_SUPPORTED;
    list.C_GetFunctionStatus = NOT_SUPPORTED;
    list.C_CancelFunction = NOT_SUPPORTED;
    list.C_WaitForSlotEvent = NOT_SUPPORTED;
    return list;
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST** list)
{
    static CK_FUNCTION_LIST functions = makeList();
    if (list == nullptr) {
        return CKR_ARGUMENTS_BAD;
    }
    *list = &functions;
    return CKR_OK;
}

} // extern "C"
