// Key derivation (PKCS#11 v2.40 §5.18): CKM_GOST_KEG, Aktiv's / TC26's KEG mechanism
// (0xD4321039), with CK_ECDH1_DERIVE_PARAMS { CKD_NULL, UKM (32 bytes) as the shared data, the
// peer's X_le || Y_le as the public data }. The card computes the KEG (KEY AGREEMENT 80 86,
// docs/vtoken.md); the module keeps the answer as a session secret key, readable (CKA_VALUE) only
// when the template made it neither sensitive nor unextractable, as real modules allow. The
// private key never reaches the module.
#include "ObjectCalls.hpp"

#include <algorithm>
#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

constexpr CK_MECHANISM_TYPE CKM_GOST_KEG_VENDOR = 0xD4321039UL;
constexpr CK_KEY_TYPE CKK_KUZNECHIK_TWIN = 0xD4321006UL;
constexpr CK_KEY_TYPE CKK_MAGMA_TWIN = 0xD4321007UL;
constexpr CK_ULONG KEG_SIZE = 64;
constexpr CK_ULONG UKM_SIZE = 32;
// Handles of derived keys: above every slot's card objects (makeHandle), one counter for all.
constexpr CK_OBJECT_HANDLE DERIVED_BASE = 0x40000000UL;
CK_OBJECT_HANDLE nextDerived = DERIVED_BASE;

struct Template
{
    CK_OBJECT_CLASS objectClass = CKO_SECRET_KEY;
    CK_KEY_TYPE keyType = CKK_GENERIC_SECRET;
    bool sensitive = true; // PKCS#11's default for a secret key made on a token
    bool extractable = false;
};

// The derived key's template; CKR_TEMPLATE_INCONSISTENT for what this module cannot make.
Template parseTemplate(const CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    Template out;
    for (CK_ULONG i = 0; i < count; ++i) {
        const auto& a = attributes[i];
        if (a.pValue == nullptr) {
            throw CkrFailure { CKR_ATTRIBUTE_VALUE_INVALID };
        }
        const auto ulong = [&] {
            if (a.ulValueLen != sizeof(CK_ULONG)) {
                throw CkrFailure { CKR_ATTRIBUTE_VALUE_INVALID };
            }
            CK_ULONG value = 0;
            std::memcpy(&value, a.pValue, sizeof value);
            return value;
        };
        const auto flag = [&] {
            if (a.ulValueLen != 1) {
                throw CkrFailure { CKR_ATTRIBUTE_VALUE_INVALID };
            }
            return *static_cast<const CK_BBOOL*>(a.pValue) != CK_FALSE;
        };
        switch (a.type) {
        case CKA_CLASS:
            out.objectClass = ulong();
            break;
        case CKA_KEY_TYPE:
            out.keyType = ulong();
            break;
        case CKA_VALUE_LEN:
            if (ulong() != KEG_SIZE) {
                throw CkrFailure { CKR_TEMPLATE_INCONSISTENT };
            }
            break;
        case CKA_SENSITIVE:
            out.sensitive = flag();
            break;
        case CKA_EXTRACTABLE:
            out.extractable = flag();
            break;
        case CKA_TOKEN:
            if (flag()) {
                throw CkrFailure { CKR_TEMPLATE_INCONSISTENT }; // session objects only
            }
            break;
        default:
            break; // labels, ids, usage flags: accepted and not kept
        }
    }
    const bool knownType = out.keyType == CKK_GENERIC_SECRET || out.keyType == CKK_KUZNECHIK_TWIN
        || out.keyType == CKK_MAGMA_TWIN;
    if (out.objectClass != CKO_SECRET_KEY || !knownType) {
        throw CkrFailure { CKR_TEMPLATE_INCONSISTENT };
    }
    return out;
}

} // namespace

namespace tokenbridge::vtoken::pkcs11
{

Bytes Token::keyAgreement(uint8_t ref, const Bytes& peerPublic, const Bytes& ukm)
{
    Bytes data { 0x85 };
    if (peerPublic.size() > 127) {
        data.push_back(0x81);
    }
    data.push_back(static_cast<uint8_t>(peerPublic.size()));
    data.insert(data.end(), peerPublic.begin(), peerPublic.end());
    data.push_back(0x81);
    data.push_back(static_cast<uint8_t>(ukm.size()));
    data.insert(data.end(), ukm.begin(), ukm.end());
    return expectOk(apdu(0x80, 0x86, 0x00, ref, data, true));
}

bool isDerivedKey(CK_OBJECT_HANDLE handle)
{
    return handle >= DERIVED_BASE && handle < DERIVED_BASE + 0x10000000UL;
}

AttributeSet derivedKeyAttributes(
    ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    auto& keys = s.session(session).derivedKeys;
    const auto found = keys.find(handle);
    if (found == keys.end()) {
        throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
    }
    AttributeSet set;
    set.values[CKA_CLASS] = ulongBytes(CKO_SECRET_KEY);
    const auto& derived = found->second;
    set.values[CKA_KEY_TYPE] = ulongBytes(derived.keyType);
    set.values[CKA_TOKEN] = boolBytes(false);
    set.values[CKA_VALUE_LEN] = ulongBytes(derived.value.size());
    set.values[CKA_SENSITIVE] = boolBytes(!derived.readable);
    set.values[CKA_EXTRACTABLE] = boolBytes(derived.readable);
    if (derived.readable) {
        set.values[CKA_VALUE] = derived.value;
    } else {
        set.sensitive.push_back(CKA_VALUE);
    }
    return set;
}

CK_RV destroyDerivedKey(ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    auto& keys = s.session(session).derivedKeys;
    if (keys.erase(handle) == 0) {
        return CKR_OBJECT_HANDLE_INVALID;
    }
    return CKR_OK;
}

} // namespace tokenbridge::vtoken::pkcs11

extern "C" {

CK_RV C_DeriveKey(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE baseKey,
    CK_ATTRIBUTE* attributes, CK_ULONG count, CK_OBJECT_HANDLE* key)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        if (mechanism == nullptr || key == nullptr || (attributes == nullptr && count != 0)) {
            return CKR_ARGUMENTS_BAD;
        }
        if (mechanism->mechanism != CKM_GOST_KEG_VENDOR) {
            return CKR_MECHANISM_INVALID;
        }
        const auto* params = static_cast<const CK_ECDH1_DERIVE_PARAMS*>(mechanism->pParameter);
        if (params == nullptr || mechanism->ulParameterLen != sizeof(CK_ECDH1_DERIVE_PARAMS)
            || params->kdf != CKD_NULL || params->pSharedData == nullptr
            || params->ulSharedDataLen != UKM_SIZE || params->pPublicData == nullptr) {
            return CKR_MECHANISM_PARAM_INVALID;
        }
        const auto ref = resolveUsablePrivateKey(s, session, baseKey);
        const CK_ULONG publicSize = ref.object.algorithm == 0x02 ? 128 : 64;
        if (params->ulPublicDataLen != publicSize) {
            return CKR_MECHANISM_PARAM_INVALID;
        }
        const auto shape = parseTemplate(attributes, count);
        const Bytes peer(params->pPublicData, params->pPublicData + params->ulPublicDataLen);
        const Bytes ukm(params->pSharedData, params->pSharedData + params->ulSharedDataLen);
        Bytes secret = ref.slot->token->keyAgreement(ref.object.ref, peer, ukm);
        if (secret.size() != KEG_SIZE) {
            return CKR_DEVICE_ERROR;
        }
        const CK_OBJECT_HANDLE handle = nextDerived++;
        s.session(session).derivedKeys.emplace(handle,
            DerivedKey(std::move(secret), shape.keyType, !shape.sensitive && shape.extractable));
        *key = handle;
        return CKR_OK;
    });
}

} // extern "C"
