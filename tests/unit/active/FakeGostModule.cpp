// TEST DOUBLE, not a token: a minimal PKCS#11 module with one slot that generates and uses GOST
// R 34.10-2012 keys through the gost engine of the loading process, so the active mode's GOST
// path (templates, CKA_VALUE -> SPKI, CKA_ID, CKM_GOSTR3410(_512) signing) runs end to end while
// no GOST-capable module exists (SoftHSM2 has none). It implements the convention documented in
// docs/active.md (digest bytes in gost-engine order, s || r out), so it cannot prove that
// convention; real hardware or libvtoken-pkcs11.so must. The host process must have loaded the
// gost engine (crypto::ensureGostEngine) before generating keys. Single-threaded, one token.

#include <p11-kit/pkcs11.h>
#include <p11-kit/pkcs11x.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstring>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

namespace
{

using Bytes = std::vector<unsigned char>;

struct Object
{
    std::map<CK_ATTRIBUTE_TYPE, Bytes> attributes;
    std::shared_ptr<EVP_PKEY> key; // private keys only
    bool isPrivate() const
    {
        const auto found = attributes.find(CKA_PRIVATE);
        return found != attributes.end() && found->second.at(0) != CK_FALSE;
    }
};

struct State
{
    bool initialized = false;
    bool loggedIn = false;
    std::map<CK_OBJECT_HANDLE, Object> objects;
    CK_OBJECT_HANDLE next = 1;
    std::vector<CK_OBJECT_HANDLE> found;
    CK_OBJECT_HANDLE signKey = 0;
    CK_MECHANISM_TYPE signMechanism = 0;
} state;
// The life-cycle calls may come from several threads (registry test); the rest is single-threaded.
std::mutex lifecycle;

constexpr CK_SLOT_ID SLOT = 7;
constexpr CK_SESSION_HANDLE SESSION = 1;
constexpr const char* PIN = "12345678";

void pad(unsigned char* field, std::size_t size, const char* text)
{
    std::memset(field, ' ', size);
    std::memcpy(field, text, std::min(size, std::strlen(text)));
}

Bytes bytesOf(CK_ULONG value)
{
    Bytes out(sizeof value);
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

Bytes bytesOf(const CK_ATTRIBUTE& attribute)
{
    const auto* data = static_cast<const unsigned char*>(attribute.pValue);
    return Bytes(data, data + attribute.ulValueLen);
}

// DER OID -> gost engine paramset name, per key size.
std::string paramSetName(const Bytes& oid, CK_KEY_TYPE keyType)
{
    static const std::map<std::string, std::string> sets256 = {
        { "\x06\x07\x2a\x85\x03\x02\x02\x23\x01", "A" },
        { "\x06\x09\x2a\x85\x03\x07\x01\x02\x01\x01\x01", "TCA" },
    };
    static const std::map<std::string, std::string> sets512 = {
        { "\x06\x09\x2a\x85\x03\x07\x01\x02\x01\x02\x01", "A" },
    };
    const auto& sets = keyType == CKK_GOSTR3410 ? sets256 : sets512;
    const auto found = sets.find(std::string(oid.begin(), oid.end()));
    return found == sets.end() ? "" : found->second;
}

// Strict about the life cycle, so a test can tell when a host finalizes a module still in use.
CK_RV initialize(void*)
{
    const std::lock_guard guard(lifecycle);
    if (state.initialized) {
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    }
    state = State {};
    state.initialized = true;
    return CKR_OK;
}

CK_RV finalize(void*)
{
    const std::lock_guard guard(lifecycle);
    if (!state.initialized) {
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    state = State {};
    return CKR_OK;
}

CK_RV getInfo(CK_INFO* info)
{
    const std::lock_guard guard(lifecycle);
    if (!state.initialized) {
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    std::memset(info, 0, sizeof *info);
    info->cryptokiVersion = { 2, 40 };
    pad(info->manufacturerID, sizeof info->manufacturerID, "tokenbridge test double");
    pad(info->libraryDescription, sizeof info->libraryDescription, "fake GOST module");
    return CKR_OK;
}

CK_RV getSlotList(CK_BBOOL, CK_SLOT_ID* list, CK_ULONG* count)
{
    const std::lock_guard guard(lifecycle);
    if (!state.initialized) {
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
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

CK_RV getSlotInfo(CK_SLOT_ID, CK_SLOT_INFO* info)
{
    std::memset(info, 0, sizeof *info);
    pad(info->slotDescription, sizeof info->slotDescription, "Fake GOST Reader 00 00");
    pad(info->manufacturerID, sizeof info->manufacturerID, "tokenbridge");
    info->flags = CKF_TOKEN_PRESENT | CKF_HW_SLOT;
    return CKR_OK;
}

CK_RV getTokenInfo(CK_SLOT_ID, CK_TOKEN_INFO* info)
{
    std::memset(info, 0, sizeof *info);
    pad(info->label, sizeof info->label, "fake gost");
    pad(info->manufacturerID, sizeof info->manufacturerID, "tokenbridge");
    pad(info->model, sizeof info->model, "fake");
    pad(info->serialNumber, sizeof info->serialNumber, "000000000A1B2C3D");
    info->flags = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_LOGIN_REQUIRED | CKF_RNG;
    return CKR_OK;
}

CK_RV getMechanismList(CK_SLOT_ID, CK_MECHANISM_TYPE* list, CK_ULONG* count)
{
    const CK_MECHANISM_TYPE mechanisms[] = { CKM_GOSTR3410_KEY_PAIR_GEN, CKM_GOSTR3410,
        CKM_GOSTR3410_512_KEY_PAIR_GEN, CKM_GOSTR3410_512 };
    if (list != nullptr) {
        std::memcpy(list, mechanisms, sizeof mechanisms);
    }
    *count = std::size(mechanisms);
    return CKR_OK;
}

CK_RV openSession(CK_SLOT_ID, CK_FLAGS, void*, CK_NOTIFY, CK_SESSION_HANDLE* session)
{
    *session = SESSION;
    return CKR_OK;
}

CK_RV closeSession(CK_SESSION_HANDLE)
{
    return CKR_OK;
}

CK_RV login(CK_SESSION_HANDLE, CK_USER_TYPE, CK_UTF8CHAR* pin, CK_ULONG length)
{
    if (state.loggedIn) {
        return CKR_USER_ALREADY_LOGGED_IN;
    }
    if (length != std::strlen(PIN) || std::memcmp(pin, PIN, length) != 0) {
        return CKR_PIN_INCORRECT;
    }
    state.loggedIn = true;
    return CKR_OK;
}

CK_RV logout(CK_SESSION_HANDLE)
{
    state.loggedIn = false;
    return CKR_OK;
}

std::map<CK_ATTRIBUTE_TYPE, Bytes> toMap(CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    std::map<CK_ATTRIBUTE_TYPE, Bytes> result;
    for (CK_ULONG i = 0; i < count; ++i) {
        result[attributes[i].type] = bytesOf(attributes[i]);
    }
    return result;
}

CK_RV generateKeyPair(CK_SESSION_HANDLE, CK_MECHANISM* mechanism, CK_ATTRIBUTE* pubTemplate,
    CK_ULONG pubCount, CK_ATTRIBUTE* privTemplate, CK_ULONG privCount, CK_OBJECT_HANDLE* pub,
    CK_OBJECT_HANDLE* priv)
{
    const bool is256 = mechanism->mechanism == CKM_GOSTR3410_KEY_PAIR_GEN;
    if (!is256 && mechanism->mechanism != CKM_GOSTR3410_512_KEY_PAIR_GEN) {
        return CKR_MECHANISM_INVALID;
    }
    if (!state.loggedIn) {
        return CKR_USER_NOT_LOGGED_IN;
    }
    auto pubAttributes = toMap(pubTemplate, pubCount);
    auto privAttributes = toMap(privTemplate, privCount);
    const CK_KEY_TYPE keyType = is256 ? CKK_GOSTR3410 : CKK_GOSTR3410_512;
    const std::string paramSet = paramSetName(pubAttributes[CKA_GOSTR3410_PARAMS], keyType);
    if (paramSet.empty()) {
        return CKR_DOMAIN_PARAMS_INVALID;
    }
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_id(is256 ? NID_id_GostR3410_2012_256 : NID_id_GostR3410_2012_512, nullptr),
        EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1
        || EVP_PKEY_CTX_ctrl_str(ctx.get(), "paramset", paramSet.c_str()) <= 0
        || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
        return CKR_GENERAL_ERROR;
    }
    std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
    // The SPKI ends with BIT STRING { OCTET STRING (X_le || Y_le) }: its last 64/128 bytes.
    const int spkiLength = i2d_PUBKEY(key.get(), nullptr);
    Bytes spki(static_cast<std::size_t>(spkiLength));
    unsigned char* cursor = spki.data();
    i2d_PUBKEY(key.get(), &cursor);
    const std::size_t pointSize = is256 ? 64 : 128;
    pubAttributes[CKA_VALUE] = Bytes(spki.end() - static_cast<long>(pointSize), spki.end());
    for (auto* attributes : { &pubAttributes, &privAttributes }) {
        (*attributes)[CKA_KEY_TYPE] = bytesOf(keyType);
        (*attributes)[CKA_GOSTR3410_PARAMS] = pubAttributes[CKA_GOSTR3410_PARAMS];
    }
    pubAttributes[CKA_CLASS] = bytesOf(CKO_PUBLIC_KEY);
    privAttributes[CKA_CLASS] = bytesOf(CKO_PRIVATE_KEY);
    *pub = state.next++;
    *priv = state.next++;
    state.objects[*pub] = Object { pubAttributes, nullptr };
    state.objects[*priv] = Object { privAttributes, key };
    return CKR_OK;
}

bool visible(const Object& object)
{
    return state.loggedIn || !object.isPrivate();
}

CK_RV getAttributeValue(
    CK_SESSION_HANDLE, CK_OBJECT_HANDLE handle, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    const auto found = state.objects.find(handle);
    if (found == state.objects.end() || !visible(found->second)) {
        return CKR_OBJECT_HANDLE_INVALID;
    }
    CK_RV rv = CKR_OK;
    for (CK_ULONG i = 0; i < count; ++i) {
        auto& attribute = attributes[i];
        const auto value = found->second.attributes.find(attribute.type);
        const bool secret = found->second.key && attribute.type == CKA_VALUE;
        if (secret || value == found->second.attributes.end()) {
            attribute.ulValueLen = CK_UNAVAILABLE_INFORMATION;
            rv = secret ? CKR_ATTRIBUTE_SENSITIVE : CKR_ATTRIBUTE_TYPE_INVALID;
            continue;
        }
        if (attribute.pValue != nullptr) {
            if (attribute.ulValueLen < value->second.size()) {
                attribute.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_BUFFER_TOO_SMALL;
                continue;
            }
            std::memcpy(attribute.pValue, value->second.data(), value->second.size());
        }
        attribute.ulValueLen = value->second.size();
    }
    return rv;
}

CK_RV setAttributeValue(
    CK_SESSION_HANDLE, CK_OBJECT_HANDLE handle, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    const auto found = state.objects.find(handle);
    if (found == state.objects.end() || !visible(found->second)) {
        return CKR_OBJECT_HANDLE_INVALID;
    }
    for (CK_ULONG i = 0; i < count; ++i) {
        if (attributes[i].type != CKA_ID && attributes[i].type != CKA_LABEL) {
            return CKR_ATTRIBUTE_READ_ONLY;
        }
    }
    for (CK_ULONG i = 0; i < count; ++i) {
        found->second.attributes[attributes[i].type] = bytesOf(attributes[i]);
    }
    return CKR_OK;
}

CK_RV createObject(
    CK_SESSION_HANDLE, CK_ATTRIBUTE* attributes, CK_ULONG count, CK_OBJECT_HANDLE* handle)
{
    *handle = state.next++;
    state.objects[*handle] = Object { toMap(attributes, count), nullptr };
    return CKR_OK;
}

CK_RV destroyObject(CK_SESSION_HANDLE, CK_OBJECT_HANDLE handle)
{
    return state.objects.erase(handle) == 1 ? CKR_OK : CKR_OBJECT_HANDLE_INVALID;
}

CK_RV findObjectsInit(CK_SESSION_HANDLE, CK_ATTRIBUTE* filter, CK_ULONG count)
{
    state.found.clear();
    const auto wanted = toMap(filter, count);
    for (const auto& [handle, object] : state.objects) {
        bool match = visible(object);
        for (const auto& [type, value] : wanted) {
            const auto has = object.attributes.find(type);
            match = match && has != object.attributes.end() && has->second == value;
        }
        if (match) {
            state.found.push_back(handle);
        }
    }
    return CKR_OK;
}

CK_RV findObjects(CK_SESSION_HANDLE, CK_OBJECT_HANDLE* out, CK_ULONG max, CK_ULONG* count)
{
    *count = 0;
    while (*count < max && !state.found.empty()) {
        out[(*count)++] = state.found.front();
        state.found.erase(state.found.begin());
    }
    return CKR_OK;
}

CK_RV findObjectsFinal(CK_SESSION_HANDLE)
{
    state.found.clear();
    return CKR_OK;
}

CK_RV signInit(CK_SESSION_HANDLE, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE key)
{
    const auto found = state.objects.find(key);
    if (found == state.objects.end() || !found->second.key || !visible(found->second)) {
        return CKR_KEY_HANDLE_INVALID;
    }
    CK_KEY_TYPE keyType = 0;
    std::memcpy(&keyType, found->second.attributes.at(CKA_KEY_TYPE).data(), sizeof keyType);
    const CK_MECHANISM_TYPE expected = keyType == CKK_GOSTR3410 ? CKM_GOSTR3410 : CKM_GOSTR3410_512;
    if (mechanism->mechanism != expected) {
        return CKR_MECHANISM_INVALID;
    }
    state.signKey = key;
    state.signMechanism = mechanism->mechanism;
    return CKR_OK;
}

CK_RV sign(CK_SESSION_HANDLE, CK_BYTE* data, CK_ULONG length, CK_BYTE* signature,
    CK_ULONG* signatureLength)
{
    if (state.signKey == 0) {
        return CKR_OPERATION_NOT_INITIALIZED;
    }
    const std::size_t size = state.signMechanism == CKM_GOSTR3410 ? 32 : 64;
    if (signature == nullptr) {
        *signatureLength = 2 * size;
        return CKR_OK;
    }
    const auto key = state.objects.at(state.signKey).key;
    state.signKey = 0;
    if (length != size) {
        return CKR_DATA_LEN_RANGE;
    }
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(key.get(), nullptr), EVP_PKEY_CTX_free);
    std::size_t outLength = *signatureLength;
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1
        || EVP_PKEY_sign(ctx.get(), signature, &outLength, data, length) != 1) {
        return CKR_GENERAL_ERROR;
    }
    *signatureLength = outLength;
    return CKR_OK;
}

CK_FUNCTION_LIST functions = [] {
    CK_FUNCTION_LIST list {};
    list.version = { 2, 40 };
    list.C_Initialize = initialize;
    list.C_Finalize = finalize;
    list.C_GetInfo = getInfo;
    list.C_GetSlotList = getSlotList;
    list.C_GetSlotInfo = getSlotInfo;
    list.C_GetTokenInfo = getTokenInfo;
    list.C_GetMechanismList = getMechanismList;
    list.C_OpenSession = openSession;
    list.C_CloseSession = closeSession;
    list.C_Login = login;
    list.C_Logout = logout;
    list.C_GenerateKeyPair = generateKeyPair;
    list.C_GetAttributeValue = getAttributeValue;
    list.C_SetAttributeValue = setAttributeValue;
    list.C_CreateObject = createObject;
    list.C_DestroyObject = destroyObject;
    list.C_FindObjectsInit = findObjectsInit;
    list.C_FindObjects = findObjects;
    list.C_FindObjectsFinal = findObjectsFinal;
    list.C_SignInit = signInit;
    list.C_Sign = sign;
    return list;
}();

} // namespace

extern "C" __attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST** list)
{
    *list = &functions;
    return CKR_OK;
}
