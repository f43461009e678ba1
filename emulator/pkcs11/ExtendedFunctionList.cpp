// Aktiv's extended function list (C_EX_GetFunctionListExtended): every C_EX_ slot of the
// vendor's list, in its order; the functions this module does not implement (token formatting,
// licences, PKCS#7, flash drives, journals, ...) answer CKR_FUNCTION_NOT_SUPPORTED.
#include "Rtpkcs11.hpp"

using namespace tokenbridge::vtoken::pkcs11;

namespace
{

// A captureless generic lambda converts to any of the function pointer types.
constexpr auto NOT_SUPPORTED = [](auto...) -> CK_RV { return CKR_FUNCTION_NOT_SUPPORTED; };

rt::CK_FUNCTION_LIST_EXTENDED makeList()
{
    rt::CK_FUNCTION_LIST_EXTENDED list {};
    list.version = { 2, 40 };
    list.C_EX_GetFunctionListExtended = C_EX_GetFunctionListExtended;
    list.C_EX_InitToken = NOT_SUPPORTED;
    list.C_EX_GetTokenInfoExtended = C_EX_GetTokenInfoExtended;
    list.C_EX_UnblockUserPIN = NOT_SUPPORTED;
    list.C_EX_SetTokenName = NOT_SUPPORTED;
    list.C_EX_SetLicense = NOT_SUPPORTED;
    list.C_EX_GetLicense = NOT_SUPPORTED;
    list.C_EX_GetCertificateInfoText = NOT_SUPPORTED;
    list.C_EX_PKCS7Sign = NOT_SUPPORTED;
    list.C_EX_CreateCSR = NOT_SUPPORTED;
    list.C_EX_FreeBuffer = NOT_SUPPORTED;
    list.C_EX_GetTokenName = NOT_SUPPORTED;
    list.C_EX_SetLocalPIN = NOT_SUPPORTED;
    list.C_EX_LoadActivationKey = NOT_SUPPORTED;
    list.C_EX_SetActivationPassword = NOT_SUPPORTED;
    list.C_EX_GetVolumesInfo = NOT_SUPPORTED;
    list.C_EX_GetDriveSize = NOT_SUPPORTED;
    list.C_EX_ChangeVolumeAttributes = NOT_SUPPORTED;
    list.C_EX_FormatDrive = NOT_SUPPORTED;
    list.C_EX_TokenManage = NOT_SUPPORTED;
    list.C_EX_GenerateActivationPassword = NOT_SUPPORTED;
    list.C_EX_GetJournal = NOT_SUPPORTED;
    list.C_EX_SignInvisibleInit = NOT_SUPPORTED;
    list.C_EX_SignInvisible = NOT_SUPPORTED;
    list.C_EX_SlotManage = NOT_SUPPORTED;
    list.C_EX_WrapKey = NOT_SUPPORTED;
    list.C_EX_UnwrapKey = NOT_SUPPORTED;
    list.C_EX_PKCS7VerifyInit = NOT_SUPPORTED;
    list.C_EX_PKCS7Verify = NOT_SUPPORTED;
    list.C_EX_PKCS7VerifyUpdate = NOT_SUPPORTED;
    list.C_EX_PKCS7VerifyFinal = NOT_SUPPORTED;
    return list;
}

} // namespace

extern "C" {

CK_RV C_EX_GetFunctionListExtended(rt::CK_FUNCTION_LIST_EXTENDED** list)
{
    static rt::CK_FUNCTION_LIST_EXTENDED functions = makeList();
    if (list == nullptr) {
        return CKR_ARGUMENTS_BAD;
    }
    *list = &functions;
    return CKR_OK;
}

} // extern "C"
