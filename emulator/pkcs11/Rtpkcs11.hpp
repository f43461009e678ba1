#pragma once

// Aktiv's PKCS#11 extension (rtpkcs11ecp's rtpkcs11t.h / rtpkcs11f.h), as far as this module
// implements or lists it. Layouts and values from the public Java mirror AktivCo/pkcs11jna
// (CK_TOKEN_INFO_EXTENDED.java and CK_FUNCTION_LIST_EXTENDED.java: field order;
// RtPkcs11.java: the functions' parameters; RtPkcs11Constants.java: TOKEN_* values) and
// AktivCo/pkcs11wrapper (RtPkcs11AttributeType: CKA_VENDOR_MODEL_NAME). The test of this ABI
// does not include this file: tests/integration/active-vtoken/rtpkcs11t_public.h is a separate
// transcription, so a field moved here is a test failure.
#include <p11-kit/pkcs11.h>

// The structures are in the global namespace, as in Aktiv's C header, so that a C++ client's
// own declaration names the same types (function types compared by name: UBSan's
// -fsanitize=function, which the sanitizer run enables).

// Filled up to ulSizeofThisStructure: the structure grew over the library's versions (V1 ends
// with ulTokenClass, then ulBatteryVoltage and ulBodyColor, then ulFirmwareChecksum, then the
// battery percentage and flags); a caller built against an older header passes its own size.
struct CK_TOKEN_INFO_EXTENDED
{
    CK_ULONG ulSizeofThisStructure;
    CK_ULONG ulTokenType; // deprecated by Aktiv in favour of the interface attributes
    CK_ULONG ulProtocolNumber;
    CK_ULONG ulMicrocodeNumber;
    CK_ULONG ulOrderNumber;
    CK_FLAGS flags;
    CK_ULONG ulMaxAdminPinLen;
    CK_ULONG ulMinAdminPinLen;
    CK_ULONG ulMaxUserPinLen;
    CK_ULONG ulMinUserPinLen;
    CK_ULONG ulMaxAdminRetryCount;
    CK_ULONG ulAdminRetryCountLeft; // 0: blocked
    CK_ULONG ulMaxUserRetryCount;
    CK_ULONG ulUserRetryCountLeft; // 0: blocked
    CK_BYTE serialNumber[8]; // big-endian
    CK_ULONG ulTotalMemory;
    CK_ULONG ulFreeMemory;
    CK_BYTE ATR[64];
    CK_ULONG ulATRLen;
    CK_ULONG ulTokenClass;
    CK_ULONG ulBatteryVoltage;
    CK_ULONG ulBodyColor;
    CK_ULONG ulFirmwareChecksum;
    CK_ULONG ulBatteryPercentage;
    CK_ULONG ulBatteryFlags;
};

struct CK_FUNCTION_LIST_EXTENDED;
// Pointee types of functions this module only lists; never dereferenced here.
struct CK_RUTOKEN_INIT_PARAM;
struct CK_VOLUME_INFO_EXTENDED;
struct CK_VOLUME_FORMAT_INFO_EXTENDED;
struct CK_VENDOR_X509_STORE;
struct CK_VENDOR_BUFFER;

// Every C_EX_ function in Aktiv's order (CK_FUNCTION_LIST_EXTENDED.java's FieldOrder).
struct CK_FUNCTION_LIST_EXTENDED
{
    CK_VERSION version;
    CK_RV (*C_EX_GetFunctionListExtended)(CK_FUNCTION_LIST_EXTENDED** list);
    CK_RV (*C_EX_InitToken)(CK_SLOT_ID, CK_UTF8CHAR* pin, CK_ULONG, CK_RUTOKEN_INIT_PARAM*);
    CK_RV (*C_EX_GetTokenInfoExtended)(CK_SLOT_ID, CK_TOKEN_INFO_EXTENDED*);
    CK_RV (*C_EX_UnblockUserPIN)(CK_SESSION_HANDLE);
    CK_RV (*C_EX_SetTokenName)(CK_SESSION_HANDLE, CK_BYTE* label, CK_ULONG);
    CK_RV (*C_EX_SetLicense)(CK_SESSION_HANDLE, CK_ULONG number, CK_BYTE*, CK_ULONG);
    CK_RV (*C_EX_GetLicense)(CK_SESSION_HANDLE, CK_ULONG number, CK_BYTE*, CK_ULONG*);
    CK_RV(*C_EX_GetCertificateInfoText)
    (CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_BYTE** info, CK_ULONG*);
    CK_RV(*C_EX_PKCS7Sign)
    (CK_SESSION_HANDLE, CK_BYTE* data, CK_ULONG, CK_OBJECT_HANDLE cert, CK_BYTE** envelope,
        CK_ULONG*, CK_OBJECT_HANDLE key, CK_OBJECT_HANDLE* chain, CK_ULONG, CK_ULONG flags);
    CK_RV(*C_EX_CreateCSR)
    (CK_SESSION_HANDLE, CK_OBJECT_HANDLE publicKey, CK_BYTE** dn, CK_ULONG, CK_BYTE** csr,
        CK_ULONG*, CK_OBJECT_HANDLE privateKey, CK_BYTE** attributes, CK_ULONG,
        CK_BYTE** extensions, CK_ULONG);
    CK_RV (*C_EX_FreeBuffer)(CK_BYTE*);
    CK_RV (*C_EX_GetTokenName)(CK_SESSION_HANDLE, CK_BYTE* label, CK_ULONG*);
    CK_RV(*C_EX_SetLocalPIN)
    (CK_SLOT_ID, CK_UTF8CHAR* userPin, CK_ULONG, CK_UTF8CHAR* localPin, CK_ULONG, CK_ULONG id);
    CK_RV (*C_EX_LoadActivationKey)(CK_SESSION_HANDLE, CK_BYTE* key, CK_ULONG);
    CK_RV (*C_EX_SetActivationPassword)(CK_SLOT_ID, CK_UTF8CHAR* password);
    CK_RV (*C_EX_GetVolumesInfo)(CK_SLOT_ID, CK_VOLUME_INFO_EXTENDED*, CK_ULONG*);
    CK_RV (*C_EX_GetDriveSize)(CK_SLOT_ID, CK_ULONG*);
    CK_RV(*C_EX_ChangeVolumeAttributes)
    (CK_SLOT_ID, CK_USER_TYPE, CK_UTF8CHAR* pin, CK_ULONG, CK_ULONG volume, CK_ULONG accessMode,
        CK_BBOOL permanent);
    CK_RV(*C_EX_FormatDrive)
    (CK_SLOT_ID, CK_USER_TYPE, CK_UTF8CHAR* pin, CK_ULONG, CK_VOLUME_FORMAT_INFO_EXTENDED*,
        CK_ULONG);
    CK_RV (*C_EX_TokenManage)(CK_SESSION_HANDLE, CK_ULONG mode, void* value);
    CK_RV(*C_EX_GenerateActivationPassword)
    (CK_SESSION_HANDLE, CK_ULONG number, CK_UTF8CHAR*, CK_ULONG*, CK_ULONG charset);
    CK_RV (*C_EX_GetJournal)(CK_SLOT_ID, CK_BYTE*, CK_ULONG*);
    CK_RV (*C_EX_SignInvisibleInit)(CK_SESSION_HANDLE, CK_MECHANISM*, CK_OBJECT_HANDLE);
    CK_RV (*C_EX_SignInvisible)(CK_SESSION_HANDLE, CK_BYTE*, CK_ULONG, CK_BYTE*, CK_ULONG*);
    CK_RV (*C_EX_SlotManage)(CK_SLOT_ID, CK_ULONG mode, void* value);
    CK_RV(*C_EX_WrapKey)
    (CK_SESSION_HANDLE, CK_MECHANISM*, CK_ATTRIBUTE*, CK_ULONG, CK_MECHANISM*, CK_OBJECT_HANDLE,
        CK_MECHANISM*, CK_BYTE*, CK_ULONG*, CK_OBJECT_HANDLE*);
    CK_RV(*C_EX_UnwrapKey)
    (CK_SESSION_HANDLE, CK_MECHANISM*, CK_OBJECT_HANDLE, CK_MECHANISM*, CK_BYTE*, CK_ULONG,
        CK_ATTRIBUTE*, CK_ULONG, CK_OBJECT_HANDLE*);
    CK_RV(*C_EX_PKCS7VerifyInit)
    (CK_SESSION_HANDLE, CK_BYTE* cms, CK_ULONG, CK_VENDOR_X509_STORE*, CK_ULONG crlMode, CK_FLAGS);
    CK_RV(*C_EX_PKCS7Verify)
    (CK_SESSION_HANDLE, CK_BYTE** data, CK_ULONG*, CK_VENDOR_BUFFER** signers, CK_ULONG*);
    CK_RV (*C_EX_PKCS7VerifyUpdate)(CK_SESSION_HANDLE, CK_BYTE*, CK_ULONG);
    CK_RV (*C_EX_PKCS7VerifyFinal)(CK_SESSION_HANDLE, CK_VENDOR_BUFFER** signers, CK_ULONG*);
};

namespace tokenbridge::vtoken::pkcs11::rt
{

using ::CK_FUNCTION_LIST_EXTENDED;
using ::CK_TOKEN_INFO_EXTENDED;

// TOKEN_TYPE_* (ulTokenType) this module reports: the card's own type byte.
// TOKEN_CLASS_* (ulTokenClass)
inline constexpr CK_ULONG TOKEN_CLASS_S = 0x00;
inline constexpr CK_ULONG TOKEN_CLASS_ECP = 0x01;
inline constexpr CK_ULONG TOKEN_CLASS_LITE = 0x02;
inline constexpr CK_ULONG TOKEN_CLASS_ECPDUAL = 0x09;
inline constexpr CK_ULONG TOKEN_CLASS_UNKNOWN = 0xFFFFFFFF;

// TOKEN_FLAGS_* (flags)
inline constexpr CK_FLAGS TOKEN_FLAGS_ADMIN_CHANGE_USER_PIN = 0x00000001;
inline constexpr CK_FLAGS TOKEN_FLAGS_USER_CHANGE_USER_PIN = 0x00000002;
inline constexpr CK_FLAGS TOKEN_FLAGS_ADMIN_PIN_NOT_DEFAULT = 0x00000004;
inline constexpr CK_FLAGS TOKEN_FLAGS_USER_PIN_NOT_DEFAULT = 0x00000008;
inline constexpr CK_FLAGS TOKEN_FLAGS_SUPPORT_FKN = 0x00000010;
inline constexpr CK_FLAGS TOKEN_FLAGS_HAS_FLASH_DRIVE = 0x00000080;
inline constexpr CK_FLAGS TOKEN_FLAGS_HAS_BUTTON = 0x00000200;
inline constexpr CK_FLAGS TOKEN_FLAGS_FW_CHECKSUM_UNAVAILIBLE = 0x40000000; // sic

inline constexpr CK_ULONG TOKEN_BODY_COLOR_UNKNOWN = 0;

// The token-info hardware feature object and its vendor attributes.
inline constexpr CK_HW_FEATURE_TYPE CKH_VENDOR_TOKEN_INFO = CKH_VENDOR_DEFINED + 0x01;
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_CURRENT_TOKEN_INTERFACE = CKA_VENDOR_DEFINED | 0x3003;
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE =
    CKA_VENDOR_DEFINED | 0x3004;
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_MODEL_NAME = CKA_VENDOR_DEFINED | 0x3010;

} // namespace tokenbridge::vtoken::pkcs11::rt

extern "C" {
__attribute__((visibility("default"))) CK_RV C_EX_GetFunctionListExtended(
    CK_FUNCTION_LIST_EXTENDED** list);
__attribute__((visibility("default"))) CK_RV C_EX_GetTokenInfoExtended(
    CK_SLOT_ID slot, CK_TOKEN_INFO_EXTENDED* info);
}
