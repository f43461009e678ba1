// The Cryptoki function list: every entry is the exported C_* function of the same name
// (UnsupportedCalls.cpp: those this token does not offer).
#include "ModuleState.hpp"

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

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
    list.C_InitToken = C_InitToken;
    list.C_InitPIN = C_InitPIN;
    list.C_SetPIN = C_SetPIN;
    list.C_OpenSession = C_OpenSession;
    list.C_CloseSession = C_CloseSession;
    list.C_CloseAllSessions = C_CloseAllSessions;
    list.C_GetSessionInfo = C_GetSessionInfo;
    list.C_GetOperationState = C_GetOperationState;
    list.C_SetOperationState = C_SetOperationState;
    list.C_Login = C_Login;
    list.C_Logout = C_Logout;
    list.C_CreateObject = C_CreateObject;
    list.C_CopyObject = C_CopyObject;
    list.C_DestroyObject = C_DestroyObject;
    list.C_GetObjectSize = C_GetObjectSize;
    list.C_GetAttributeValue = C_GetAttributeValue;
    list.C_SetAttributeValue = C_SetAttributeValue;
    list.C_FindObjectsInit = C_FindObjectsInit;
    list.C_FindObjects = C_FindObjects;
    list.C_FindObjectsFinal = C_FindObjectsFinal;
    list.C_EncryptInit = C_EncryptInit;
    list.C_Encrypt = C_Encrypt;
    list.C_EncryptUpdate = C_EncryptUpdate;
    list.C_EncryptFinal = C_EncryptFinal;
    list.C_DecryptInit = C_DecryptInit;
    list.C_Decrypt = C_Decrypt;
    list.C_DecryptUpdate = C_DecryptUpdate;
    list.C_DecryptFinal = C_DecryptFinal;
    list.C_DigestInit = C_DigestInit;
    list.C_Digest = C_Digest;
    list.C_DigestUpdate = C_DigestUpdate;
    list.C_DigestKey = C_DigestKey;
    list.C_DigestFinal = C_DigestFinal;
    list.C_SignInit = C_SignInit;
    list.C_Sign = C_Sign;
    list.C_SignUpdate = C_SignUpdate;
    list.C_SignFinal = C_SignFinal;
    list.C_SignRecoverInit = C_SignRecoverInit;
    list.C_SignRecover = C_SignRecover;
    list.C_VerifyInit = C_VerifyInit;
    list.C_Verify = C_Verify;
    list.C_VerifyUpdate = C_VerifyUpdate;
    list.C_VerifyFinal = C_VerifyFinal;
    list.C_VerifyRecoverInit = C_VerifyRecoverInit;
    list.C_VerifyRecover = C_VerifyRecover;
    list.C_DigestEncryptUpdate = C_DigestEncryptUpdate;
    list.C_DecryptDigestUpdate = C_DecryptDigestUpdate;
    list.C_SignEncryptUpdate = C_SignEncryptUpdate;
    list.C_DecryptVerifyUpdate = C_DecryptVerifyUpdate;
    list.C_GenerateKey = C_GenerateKey;
    list.C_GenerateKeyPair = C_GenerateKeyPair;
    list.C_WrapKey = C_WrapKey;
    list.C_UnwrapKey = C_UnwrapKey;
    list.C_DeriveKey = C_DeriveKey;
    list.C_SeedRandom = C_SeedRandom;
    list.C_GenerateRandom = C_GenerateRandom;
    list.C_GetFunctionStatus = C_GetFunctionStatus;
    list.C_CancelFunction = C_CancelFunction;
    list.C_WaitForSlotEvent = C_WaitForSlotEvent;
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
