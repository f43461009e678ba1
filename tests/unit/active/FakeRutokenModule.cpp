// TEST DOUBLE, not a token: a minimal module with Aktiv's extension (C_EX_GetFunctionListExtended
// -> C_EX_GetTokenInfoExtended) and the token-info hardware feature object, one slot whose facts
// the test sets (FakeRutokenFacts.h), so the host's reading of rtpkcs11ecp's interface is tested
// row by row of the model table while no real library is here. It is written from the same
// layouts as the host (AktivCo/pkcs11jna), so it cannot prove them: libvtoken-pkcs11.so's own
// transcription and the integration tests against it do.

#include "FakeRutokenFacts.h"
#include "modes/active/RtPkcs11.hpp"

#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace
{

namespace rt = tokenbridge::modes::active::rt;

constexpr CK_SLOT_ID SLOT = 3;
constexpr CK_SESSION_HANDLE SESSION = 1;
constexpr CK_OBJECT_HANDLE TOKEN_INFO_OBJECT = 42;

std::mutex guard;
FakeRutokenFacts facts {};
std::string reader = "Aktiv Rutoken ECP 00 00";
std::string serialText;
std::string modelName;
bool initialized = false;
bool found = false; // the search matched the hardware feature object
bool returned = false;

void pad(unsigned char* field, std::size_t size, const std::string& text)
{
    std::memset(field, ' ', size);
    std::memcpy(field, text.data(), std::min(size, text.size()));
}

CK_RV initialize(void*)
{
    const std::lock_guard lock(guard);
    if (initialized) {
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    }
    initialized = true;
    return CKR_OK;
}

CK_RV finalize(void*)
{
    const std::lock_guard lock(guard);
    initialized = false;
    return CKR_OK;
}

CK_RV getInfo(CK_INFO* info)
{
    std::memset(info, 0, sizeof *info);
    info->cryptokiVersion = { 2, 20 };
    pad(info->manufacturerID, sizeof info->manufacturerID, "tokenbridge test double");
    pad(info->libraryDescription, sizeof info->libraryDescription, "fake Aktiv-style module");
    return CKR_OK;
}

CK_RV getSlotList(CK_BBOOL, CK_SLOT_ID* list, CK_ULONG* count)
{
    if (list != nullptr) {
        if (*count < 1) {
            *count = 1;
            return CKR_BUFFER_TOO_SMALL;
        }
        list[0] = SLOT;
    }
    *count = 1;
    return CKR_OK;
}

CK_RV getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO* info)
{
    if (slot != SLOT) {
        return CKR_SLOT_ID_INVALID;
    }
    std::memset(info, 0, sizeof *info);
    pad(info->slotDescription, sizeof info->slotDescription, reader);
    pad(info->manufacturerID, sizeof info->manufacturerID, "Aktiv Co.");
    info->flags = CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
    return CKR_OK;
}

CK_RV getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO* info)
{
    if (slot != SLOT) {
        return CKR_SLOT_ID_INVALID;
    }
    std::memset(info, 0, sizeof *info);
    pad(info->label, sizeof info->label, "Rutoken ECP <no label>");
    pad(info->manufacturerID, sizeof info->manufacturerID, "Aktiv Co.");
    pad(info->model, sizeof info->model, "Rutoken ECP");
    pad(info->serialNumber, sizeof info->serialNumber, serialText);
    info->hardwareVersion = { facts.hardware[0], facts.hardware[1] };
    info->firmwareVersion = { facts.firmware[0], facts.firmware[1] };
    info->flags = CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED;
    return CKR_OK;
}

CK_RV getMechanismList(CK_SLOT_ID, CK_MECHANISM_TYPE* list, CK_ULONG* count)
{
    std::vector<CK_MECHANISM_TYPE> mechanisms { CKM_SHA256 };
    if (facts.gostKeyGeneration) {
        mechanisms.push_back(CKM_GOSTR3410_KEY_PAIR_GEN);
    }
    if (list != nullptr) {
        if (*count < mechanisms.size()) {
            *count = mechanisms.size();
            return CKR_BUFFER_TOO_SMALL;
        }
        std::copy(mechanisms.begin(), mechanisms.end(), list);
    }
    *count = mechanisms.size();
    return CKR_OK;
}

CK_RV openSession(CK_SLOT_ID slot, CK_FLAGS, void*, CK_NOTIFY, CK_SESSION_HANDLE* session)
{
    if (slot != SLOT) {
        return CKR_SLOT_ID_INVALID;
    }
    *session = SESSION;
    return CKR_OK;
}

CK_RV closeSession(CK_SESSION_HANDLE)
{
    return CKR_OK;
}

// Matches the token-info object when every attribute of the filter is one it has.
CK_RV findObjectsInit(CK_SESSION_HANDLE, CK_ATTRIBUTE* filter, CK_ULONG count)
{
    found = facts.hardwareFeature;
    for (CK_ULONG i = 0; i < count && found; ++i) {
        CK_ULONG value = 0;
        std::memcpy(
            &value, filter[i].pValue, std::min<CK_ULONG>(filter[i].ulValueLen, sizeof value));
        const bool isClass = filter[i].type == CKA_CLASS && value == CKO_HW_FEATURE;
        const bool isType =
            filter[i].type == CKA_HW_FEATURE_TYPE && value == rt::CKH_VENDOR_TOKEN_INFO;
        found = isClass || isType;
    }
    returned = false;
    return CKR_OK;
}

CK_RV findObjects(CK_SESSION_HANDLE, CK_OBJECT_HANDLE* out, CK_ULONG max, CK_ULONG* count)
{
    *count = 0;
    if (found && !returned && max > 0) {
        out[0] = TOKEN_INFO_OBJECT;
        *count = 1;
        returned = true;
    }
    return CKR_OK;
}

CK_RV findObjectsFinal(CK_SESSION_HANDLE)
{
    return CKR_OK;
}

CK_RV copyOut(CK_ATTRIBUTE& attribute, const void* data, CK_ULONG size)
{
    if (attribute.pValue == nullptr) {
        attribute.ulValueLen = size;
        return CKR_OK;
    }
    if (attribute.ulValueLen < size) {
        attribute.ulValueLen = CK_UNAVAILABLE_INFORMATION;
        return CKR_BUFFER_TOO_SMALL;
    }
    std::memcpy(attribute.pValue, data, size);
    attribute.ulValueLen = size;
    return CKR_OK;
}

CK_RV getAttributeValue(
    CK_SESSION_HANDLE, CK_OBJECT_HANDLE object, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    if (object != TOKEN_INFO_OBJECT || !facts.hardwareFeature) {
        return CKR_OBJECT_HANDLE_INVALID;
    }
    CK_RV result = CKR_OK;
    for (CK_ULONG i = 0; i < count; ++i) {
        auto& attribute = attributes[i];
        CK_RV rv = CKR_ATTRIBUTE_TYPE_INVALID;
        if (attribute.type == rt::CKA_VENDOR_CURRENT_TOKEN_INTERFACE) {
            rv = copyOut(attribute, &facts.currentInterface, sizeof(CK_ULONG));
        } else if (attribute.type == rt::CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE) {
            rv = copyOut(attribute, &facts.supportedInterfaces, sizeof(CK_ULONG));
        } else if (attribute.type == rt::CKA_VENDOR_MODEL_NAME && facts.modelName != nullptr) {
            rv = copyOut(attribute, modelName.data(), modelName.size());
        } else {
            attribute.ulValueLen = CK_UNAVAILABLE_INFORMATION;
        }
        if (rv != CKR_OK) {
            result = rv;
        }
    }
    return result;
}

CK_RV getTokenInfoExtended(CK_SLOT_ID slot, rt::CK_TOKEN_INFO_EXTENDED* info)
{
    if (slot != SLOT) {
        return CKR_SLOT_ID_INVALID;
    }
    if (info == nullptr || info->ulSizeofThisStructure < sizeof *info) {
        return CKR_ARGUMENTS_BAD;
    }
    std::memset(info, 0, sizeof *info);
    info->ulSizeofThisStructure = facts.filledSize != 0 ? facts.filledSize : sizeof *info;
    info->ulTokenType = facts.tokenType;
    info->flags = facts.flags;
    std::memcpy(info->serialNumber, facts.serial, sizeof info->serialNumber);
    info->ulTotalMemory = 131072;
    info->ulFreeMemory = 65536;
    info->ulTokenClass = facts.tokenClass;
    return CKR_OK;
}

CK_FUNCTION_LIST functions()
{
    CK_FUNCTION_LIST list {};
    list.version = { 2, 20 };
    list.C_Initialize = initialize;
    list.C_Finalize = finalize;
    list.C_GetInfo = getInfo;
    list.C_GetSlotList = getSlotList;
    list.C_GetSlotInfo = getSlotInfo;
    list.C_GetTokenInfo = getTokenInfo;
    list.C_GetMechanismList = getMechanismList;
    list.C_OpenSession = openSession;
    list.C_CloseSession = closeSession;
    list.C_GetAttributeValue = getAttributeValue;
    list.C_FindObjectsInit = findObjectsInit;
    list.C_FindObjects = findObjects;
    list.C_FindObjectsFinal = findObjectsFinal;
    return list;
}

CK_FUNCTION_LIST functionList = functions();
rt::CK_FUNCTION_LIST_EXTENDED extendedList { { 2, 20 }, nullptr, nullptr, getTokenInfoExtended };

} // namespace

extern "C" __attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST** list)
{
    *list = &functionList;
    return CKR_OK;
}

extern "C" __attribute__((visibility("default"))) CK_RV C_EX_GetFunctionListExtended(
    rt::CK_FUNCTION_LIST_EXTENDED** list)
{
    *list = &extendedList;
    return CKR_OK;
}

extern "C" __attribute__((visibility("default"))) void fakeRutokenSet(
    const FakeRutokenFacts* newFacts)
{
    const std::lock_guard lock(guard);
    facts = *newFacts;
    reader = facts.reader != nullptr ? facts.reader : "";
    serialText = facts.serialText != nullptr ? facts.serialText : "";
    modelName = facts.modelName != nullptr ? facts.modelName : "";
}
