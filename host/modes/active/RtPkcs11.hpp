#pragma once

#include "Pkcs11.hpp"

// Aktiv's extension of Cryptoki in rtpkcs11ecp, as far as the host uses it. Aktiv's headers
// (rtpkcs11t.h, rtpkcs11f.h) are not public; the layouts and values here follow AktivCo/pkcs11jna,
// their Java mirror: CK_TOKEN_INFO_EXTENDED.java and CK_FUNCTION_LIST_EXTENDED.java (field
// order), RtPkcs11Constants.java (values). Aktiv's own apps read the same fields to name a model
// (AktivCo/rutoken-tech-android TokenModel.kt, AktivCo/rutoken-tech-ios Token.swift).

// The two structures are in the global namespace, as in Aktiv's C header: a function type
// that names them is then the same type as the library's own declaration (UBSan's
// -fsanitize=function compares them by name when the library is instrumented, as ours is in
// the sanitizer run).
struct CK_TOKEN_INFO_EXTENDED
{
    CK_ULONG ulSizeofThisStructure; // in: sizeof; out: how much the library filled
    CK_ULONG ulTokenType;
    CK_ULONG ulProtocolNumber;
    CK_ULONG ulMicrocodeNumber;
    CK_ULONG ulOrderNumber;
    CK_FLAGS flags;
    CK_ULONG ulMaxAdminPinLen;
    CK_ULONG ulMinAdminPinLen;
    CK_ULONG ulMaxUserPinLen;
    CK_ULONG ulMinUserPinLen;
    CK_ULONG ulMaxAdminRetryCount;
    CK_ULONG ulAdminRetryCountLeft;
    CK_ULONG ulMaxUserRetryCount;
    CK_ULONG ulUserRetryCountLeft;
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

// The head of CK_FUNCTION_LIST_EXTENDED: its version and its first three entry points. The 28 that
// follow in Aktiv's list are not used here, so they are not declared (nothing is read past
// C_EX_GetTokenInfoExtended).
struct CK_FUNCTION_LIST_EXTENDED
{
    CK_VERSION version;
    void* C_EX_GetFunctionListExtended;
    void* C_EX_InitToken;
    CK_RV (*C_EX_GetTokenInfoExtended)(CK_SLOT_ID, CK_TOKEN_INFO_EXTENDED*);
};

namespace tokenbridge::modes::active::rt
{

// Hardware-feature object with the token's information (CKO_HW_FEATURE).
inline constexpr CK_HW_FEATURE_TYPE CKH_VENDOR_TOKEN_INFO = CKH_VENDOR_DEFINED + 1;
// Its attributes: interface bit sets (INTERFACE_TYPE_*) as CK_ULONG, the model name as UTF-8.
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_CURRENT_TOKEN_INTERFACE = CKA_VENDOR_DEFINED | 0x3003;
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE =
    CKA_VENDOR_DEFINED | 0x3004;
inline constexpr CK_ATTRIBUTE_TYPE CKA_VENDOR_MODEL_NAME = CKA_VENDOR_DEFINED | 0x3010;

// CK_TOKEN_INFO_EXTENDED.flags (TOKEN_FLAGS_*).
inline constexpr CK_FLAGS TOKEN_FLAGS_SUPPORT_FKN = 0x10;
inline constexpr CK_FLAGS TOKEN_FLAGS_HAS_FLASH_DRIVE = 0x80;
inline constexpr CK_FLAGS TOKEN_FLAGS_HAS_BUTTON = 0x200;

// CK_TOKEN_INFO_EXTENDED.ulTokenClass (TOKEN_CLASS_*).
inline constexpr CK_ULONG TOKEN_CLASS_S = 0;
inline constexpr CK_ULONG TOKEN_CLASS_ECP = 1;
inline constexpr CK_ULONG TOKEN_CLASS_LITE = 2;
inline constexpr CK_ULONG TOKEN_CLASS_ECPDUAL = 9;

// CK_TOKEN_INFO_EXTENDED.ulTokenType (TOKEN_TYPE_*; deprecated since rtpkcs11ecp 2.0.5.0).
inline constexpr CK_ULONG TOKEN_TYPE_RUTOKEN_ECP = 0x01;
inline constexpr CK_ULONG TOKEN_TYPE_RUTOKEN_LITE = 0x02;
inline constexpr CK_ULONG TOKEN_TYPE_RUTOKEN = 0x03;
inline constexpr CK_ULONG TOKEN_TYPE_UNKNOWN = 0xFF;

using ::CK_TOKEN_INFO_EXTENDED;
using CK_C_EX_GetTokenInfoExtended = CK_RV (*)(CK_SLOT_ID, CK_TOKEN_INFO_EXTENDED*);

using ::CK_FUNCTION_LIST_EXTENDED;

// The exported entry point that hands out the list.
using CK_C_EX_GetFunctionListExtended = CK_RV (*)(CK_FUNCTION_LIST_EXTENDED**);
inline constexpr const char* GET_FUNCTION_LIST_EXTENDED = "C_EX_GetFunctionListExtended";

} // namespace tokenbridge::modes::active::rt
