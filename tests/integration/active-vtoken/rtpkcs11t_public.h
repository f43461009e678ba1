/* Aktiv's PKCS#11 extension (rtpkcs11ecp), transcribed for the test of libvtoken-pkcs11.so from
 * its public descriptions, independently of the module's own header:
 *   - AktivCo/pkcs11jna, the Java mirror of rtpkcs11t.h / rtpkcs11f.h:
 *     CK_TOKEN_INFO_EXTENDED.java and CK_FUNCTION_LIST_EXTENDED.java (@Structure.FieldOrder:
 *     the order of every field), RtPkcs11.java (the C_EX_ functions' parameters),
 *     RtPkcs11Constants.java (TOKEN_TYPE_*, TOKEN_CLASS_*, TOKEN_FLAGS_*);
 *   - AktivCo/pkcs11wrapper, RtPkcs11AttributeType / RtPkcs11HardwareFeatureType
 *     (CKA_VENDOR_CURRENT_TOKEN_INTERFACE 0x3003, _SUPPORTED_ 0x3004, CKA_VENDOR_MODEL_NAME
 *     0x3010, CKH_VENDOR_TOKEN_INFO = CKH_VENDOR_DEFINED + 1);
 *   - AktivCo/rutoken-tech-android TokenModel.kt (INTERFACE_TYPE_* bits).
 * Every NativeLong of the Java mirror is a CK_ULONG, `byte[n]` a CK_BYTE array. The standard
 * Cryptoki types come from p11-kit's pkcs11.h. Do not "fix" this file from the module's
 * emulator/pkcs11/Rtpkcs11.hpp: the point is that a moved field there fails the test. */
#ifndef TOKENBRIDGE_TEST_RTPKCS11T_PUBLIC_H
#define TOKENBRIDGE_TEST_RTPKCS11T_PUBLIC_H

#include <p11-kit/pkcs11.h>

typedef struct CK_TOKEN_INFO_EXTENDED
{
    CK_ULONG ulSizeofThisStructure; /* [in] the caller's size, [out] the size filled */
    CK_ULONG ulTokenType;
    CK_ULONG ulProtocolNumber;
    CK_ULONG ulMicrocodeNumber;
    CK_ULONG ulOrderNumber;
    CK_ULONG flags;
    CK_ULONG ulMaxAdminPinLen;
    CK_ULONG ulMinAdminPinLen;
    CK_ULONG ulMaxUserPinLen;
    CK_ULONG ulMinUserPinLen;
    CK_ULONG ulMaxAdminRetryCount;
    CK_ULONG ulAdminRetryCountLeft;
    CK_ULONG ulMaxUserRetryCount;
    CK_ULONG ulUserRetryCountLeft;
    CK_BYTE serialNumber[8]; /* big-endian */
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
} CK_TOKEN_INFO_EXTENDED;

/* Only pointed to by the functions below. */
typedef struct CK_RUTOKEN_INIT_PARAM CK_RUTOKEN_INIT_PARAM;
typedef struct CK_VOLUME_INFO_EXTENDED CK_VOLUME_INFO_EXTENDED;
typedef struct CK_VOLUME_FORMAT_INFO_EXTENDED CK_VOLUME_FORMAT_INFO_EXTENDED;
typedef struct CK_VENDOR_X509_STORE CK_VENDOR_X509_STORE;
typedef struct CK_VENDOR_BUFFER CK_VENDOR_BUFFER;

typedef struct CK_FUNCTION_LIST_EXTENDED CK_FUNCTION_LIST_EXTENDED;
struct CK_FUNCTION_LIST_EXTENDED
{
    CK_VERSION version;
    CK_RV (*C_EX_GetFunctionListExtended)(CK_FUNCTION_LIST_EXTENDED** ppFunctionList);
    CK_RV(*C_EX_InitToken)
    (CK_SLOT_ID slotID, CK_UTF8CHAR* pPin, CK_ULONG ulPinLen, CK_RUTOKEN_INIT_PARAM* pInitInfo);
    CK_RV (*C_EX_GetTokenInfoExtended)(CK_SLOT_ID slotID, CK_TOKEN_INFO_EXTENDED* pInfo);
    CK_RV (*C_EX_UnblockUserPIN)(CK_SESSION_HANDLE hSession);
    CK_RV (*C_EX_SetTokenName)(CK_SESSION_HANDLE hSession, CK_BYTE* pLabel, CK_ULONG ulLabelLen);
    CK_RV(*C_EX_SetLicense)
    (CK_SESSION_HANDLE hSession, CK_ULONG ulLicenseNum, CK_BYTE* pLicense, CK_ULONG ulLicenseLen);
    CK_RV(*C_EX_GetLicense)
    (CK_SESSION_HANDLE hSession, CK_ULONG ulLicenseNum, CK_BYTE* pLicense, CK_ULONG* pulLicenseLen);
    CK_RV(*C_EX_GetCertificateInfoText)
    (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hCert, CK_BYTE** pInfo, CK_ULONG* pulInfoLen);
    CK_RV(*C_EX_PKCS7Sign)
    (CK_SESSION_HANDLE hSession, CK_BYTE* pData, CK_ULONG ulDataLen, CK_OBJECT_HANDLE hCert,
        CK_BYTE** ppEnvelope, CK_ULONG* pEnvelopeLen, CK_OBJECT_HANDLE hPrivKey,
        CK_OBJECT_HANDLE* phCertificates, CK_ULONG ulCertificatesLen, CK_ULONG flags);
    CK_RV(*C_EX_CreateCSR)
    (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hPublicKey, CK_BYTE** dn, CK_ULONG dnLength,
        CK_BYTE** pCsr, CK_ULONG* pulCsrLength, CK_OBJECT_HANDLE hPrivKey, CK_BYTE** pAttributes,
        CK_ULONG ulAttributesLength, CK_BYTE** pExtensions, CK_ULONG ulExtensionsLength);
    CK_RV (*C_EX_FreeBuffer)(CK_BYTE* pBuffer);
    CK_RV (*C_EX_GetTokenName)(CK_SESSION_HANDLE hSession, CK_BYTE* pLabel, CK_ULONG* pulLabelLen);
    CK_RV(*C_EX_SetLocalPIN)
    (CK_SLOT_ID slotID, CK_UTF8CHAR* pUserPin, CK_ULONG ulUserPinLen, CK_UTF8CHAR* pNewLocalPin,
        CK_ULONG ulNewLocalPinLen, CK_ULONG ulLocalID);
    CK_RV (*C_EX_LoadActivationKey)(CK_SESSION_HANDLE hSession, CK_BYTE* key, CK_ULONG keySize);
    CK_RV (*C_EX_SetActivationPassword)(CK_SLOT_ID slotID, CK_UTF8CHAR* password);
    CK_RV(*C_EX_GetVolumesInfo)
    (CK_SLOT_ID slotID, CK_VOLUME_INFO_EXTENDED* pInfo, CK_ULONG* pulInfoCount);
    CK_RV (*C_EX_GetDriveSize)(CK_SLOT_ID slotID, CK_ULONG* pulDriveSize);
    CK_RV(*C_EX_ChangeVolumeAttributes)
    (CK_SLOT_ID slotID, CK_USER_TYPE userType, CK_UTF8CHAR* pPin, CK_ULONG ulPinLen,
        CK_ULONG idVolume, CK_ULONG newAccessMode, CK_BBOOL bPermanent);
    CK_RV(*C_EX_FormatDrive)
    (CK_SLOT_ID slotID, CK_USER_TYPE userType, CK_UTF8CHAR* pPin, CK_ULONG ulPinLen,
        CK_VOLUME_FORMAT_INFO_EXTENDED* pInitParams, CK_ULONG ulInitParamsCount);
    CK_RV (*C_EX_TokenManage)(CK_SESSION_HANDLE hSession, CK_ULONG ulMode, void* pValue);
    CK_RV(*C_EX_GenerateActivationPassword)
    (CK_SESSION_HANDLE hSession, CK_ULONG ulPasswordNumber, CK_UTF8CHAR* pPassword,
        CK_ULONG* pulPasswordSize, CK_ULONG ulPasswordCharacterSet);
    CK_RV (*C_EX_GetJournal)(CK_SLOT_ID slotID, CK_BYTE* pJournal, CK_ULONG* pulJournalSize);
    CK_RV(*C_EX_SignInvisibleInit)
    (CK_SESSION_HANDLE hSession, CK_MECHANISM* pMechanism, CK_OBJECT_HANDLE hKey);
    CK_RV(*C_EX_SignInvisible)
    (CK_SESSION_HANDLE hSession, CK_BYTE* pData, CK_ULONG ulDataLen, CK_BYTE* pSignature,
        CK_ULONG* pulSignatureLen);
    CK_RV (*C_EX_SlotManage)(CK_SLOT_ID slotID, CK_ULONG ulMode, void* pValue);
    CK_RV(*C_EX_WrapKey)
    (CK_SESSION_HANDLE hSession, CK_MECHANISM* pGenerationMechanism, CK_ATTRIBUTE* pKeyTemplate,
        CK_ULONG ulKeyAttributeCount, CK_MECHANISM* pDerivationMechanism, CK_OBJECT_HANDLE hBaseKey,
        CK_MECHANISM* pWrappingMechanism, CK_BYTE* pWrappedKey, CK_ULONG* pulWrappedKeyLen,
        CK_OBJECT_HANDLE* phKey);
    CK_RV(*C_EX_UnwrapKey)
    (CK_SESSION_HANDLE hSession, CK_MECHANISM* pDerivationMechanism, CK_OBJECT_HANDLE hBaseKey,
        CK_MECHANISM* pUnwrappingMechanism, CK_BYTE* pWrappedKey, CK_ULONG ulWrappedKeyLen,
        CK_ATTRIBUTE* pKeyTemplate, CK_ULONG ulKeyAttributeCount, CK_OBJECT_HANDLE* phKey);
    CK_RV(*C_EX_PKCS7VerifyInit)
    (CK_SESSION_HANDLE hSession, CK_BYTE* pCms, CK_ULONG ulCmsSize, CK_VENDOR_X509_STORE* pStore,
        CK_ULONG ckMode, CK_FLAGS flags);
    CK_RV(*C_EX_PKCS7Verify)
    (CK_SESSION_HANDLE hSession, CK_BYTE** ppData, CK_ULONG* pulDataSize,
        CK_VENDOR_BUFFER** ppSignerCertificates, CK_ULONG* pulSignerCertificatesCount);
    CK_RV(*C_EX_PKCS7VerifyUpdate)
    (CK_SESSION_HANDLE hSession, CK_BYTE* pData, CK_ULONG ulDataSize);
    CK_RV(*C_EX_PKCS7VerifyFinal)
    (CK_SESSION_HANDLE hSession, CK_VENDOR_BUFFER** ppSignerCertificates,
        CK_ULONG* pulSignerCertificatesCount);
};

typedef CK_RV (*CK_C_EX_GetFunctionListExtended)(CK_FUNCTION_LIST_EXTENDED** ppFunctionList);

/* ulTokenType (deprecated by Aktiv, still filled) */
#define TOKEN_TYPE_RUTOKEN_ECP 0x01UL
#define TOKEN_TYPE_RUTOKEN_LITE 0x02UL
#define TOKEN_TYPE_RUTOKEN 0x03UL
#define TOKEN_TYPE_RUTOKEN_SC_JC 0x41UL
#define TOKEN_TYPE_RUTOKEN_ECPDUAL_BT 0x69UL
#define TOKEN_TYPE_RUTOKEN_ECP_NFC 0xC1UL
#define TOKEN_TYPE_RUTOKEN_SCDUAL_NFC 0xC9UL

/* ulTokenClass */
#define TOKEN_CLASS_S 0x00UL
#define TOKEN_CLASS_ECP 0x01UL
#define TOKEN_CLASS_LITE 0x02UL
#define TOKEN_CLASS_ECP_BT 0x09UL

/* flags */
#define TOKEN_FLAGS_ADMIN_CHANGE_USER_PIN 0x00000001UL
#define TOKEN_FLAGS_USER_CHANGE_USER_PIN 0x00000002UL
#define TOKEN_FLAGS_ADMIN_PIN_NOT_DEFAULT 0x00000004UL
#define TOKEN_FLAGS_USER_PIN_NOT_DEFAULT 0x00000008UL
#define TOKEN_FLAGS_SUPPORT_FKN 0x00000010UL
#define TOKEN_FLAGS_HAS_FLASH_DRIVE 0x00000080UL
#define TOKEN_FLAGS_HAS_BUTTON 0x00000200UL
#define TOKEN_FLAGS_FW_CHECKSUM_UNAVAILIBLE 0x40000000UL

/* The token-info hardware feature object */
#define CKH_VENDOR_TOKEN_INFO (CKH_VENDOR_DEFINED + 0x01UL)
#define CKA_VENDOR_CURRENT_TOKEN_INTERFACE (CKA_VENDOR_DEFINED | 0x3003UL)
#define CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE (CKA_VENDOR_DEFINED | 0x3004UL)
#define CKA_VENDOR_MODEL_NAME (CKA_VENDOR_DEFINED | 0x3010UL)

/* INTERFACE_TYPE_* */
#define INTERFACE_TYPE_USB 0x00000001UL
#define INTERFACE_TYPE_BT 0x00000002UL
#define INTERFACE_TYPE_ISO 0x00000008UL
#define INTERFACE_TYPE_NFC_TYPE_B 0x00000020UL

#endif
