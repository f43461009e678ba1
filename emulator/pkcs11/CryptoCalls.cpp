// Key generation and wrapping (PKCS#11 v2.40 §5.14). The card generates; the module only moves
// public keys (signing: SignCalls.cpp).
#include "ObjectCalls.hpp"

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

struct GenerationRow
{
    CK_MECHANISM_TYPE mechanism;
    uint8_t algorithm;
    CK_KEY_TYPE keyType;
};

constexpr GenerationRow GENERATION[] = {
    { CKM_GOSTR3410_KEY_PAIR_GEN, 0x01, CKK_GOSTR3410 },
    { CKM_GOSTR3410_512_KEY_PAIR_GEN, 0x02, CKK_GOSTR3410_512 },
};

const CK_ATTRIBUTE* findAttribute(
    const CK_ATTRIBUTE* attributes, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    for (CK_ULONG i = 0; i < count; ++i) {
        if (attributes[i].type == type && attributes[i].pValue != nullptr) {
            return &attributes[i];
        }
    }
    return nullptr;
}

Bytes bytesOf(const CK_ATTRIBUTE* a)
{
    if (a == nullptr) {
        return {};
    }
    const auto* p = static_cast<const uint8_t*>(a->pValue);
    return Bytes(p, p + a->ulValueLen);
}

std::optional<bool> boolIn(const CK_ATTRIBUTE* attributes, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    const auto* a = findAttribute(attributes, count, type);
    if (a == nullptr || a->ulValueLen != 1) {
        return std::nullopt;
    }
    return *static_cast<const CK_BBOOL*>(a->pValue) != CK_FALSE;
}

// This card makes only sensitive, non-extractable, on-token private keys.
void checkPrivateTemplate(const CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    if (boolIn(attributes, count, CKA_EXTRACTABLE) == true
        || boolIn(attributes, count, CKA_SENSITIVE) == false
        || boolIn(attributes, count, CKA_TOKEN) == false) {
        throw CkrFailure { CKR_ATTRIBUTE_VALUE_INVALID };
    }
}

} // namespace

extern "C" {

CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism,
    CK_ATTRIBUTE* publicTemplate, CK_ULONG publicCount, CK_ATTRIBUTE* privateTemplate,
    CK_ULONG privateCount, CK_OBJECT_HANDLE* publicKey, CK_OBJECT_HANDLE* privateKey)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& state = s.session(session);
        if (mechanism == nullptr || publicKey == nullptr || privateKey == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        if (!(state.flags & CKF_RW_SESSION)) {
            return CKR_SESSION_READ_ONLY;
        }
        Slot& slot = s.slot(state.slot);
        if (!loggedInUser(slot)) {
            return CKR_USER_NOT_LOGGED_IN;
        }
        const GenerationRow* row = nullptr;
        for (const auto& r : GENERATION) {
            row = r.mechanism == mechanism->mechanism ? &r : row;
        }
        if (row == nullptr) {
            return CKR_MECHANISM_INVALID;
        }
        checkPrivateTemplate(privateTemplate, privateCount);
        auto pick = [&](CK_ATTRIBUTE_TYPE type) {
            const auto* a = findAttribute(privateTemplate, privateCount, type);
            return bytesOf(a ? a : findAttribute(publicTemplate, publicCount, type));
        };
        const Bytes params = pick(CKA_GOSTR3410_PARAMS);
        if (params.empty()) {
            return CKR_TEMPLATE_INCOMPLETE;
        }
        std::map<uint8_t, Bytes> attributes;
        attributes[TAG_LABEL] = pick(CKA_LABEL);
        attributes[TAG_ID] = pick(CKA_ID);
        const uint8_t ref = slot.token->generateKeyPair(
            row->algorithm, params, pick(CKA_GOSTR3411_PARAMS), attributes);
        const bool idGiven = findAttribute(privateTemplate, privateCount, CKA_ID) != nullptr
            || findAttribute(publicTemplate, publicCount, CKA_ID) != nullptr;
        if (!idGiven) {
            // Ties the halves (and later a certificate) as OpenSC and the host do: SHA-1 of the
            // public key's CKA_VALUE (X_le||Y_le).
            Digest sha1(s.hashLibrary(), SHA_1);
            sha1.update(slot.token->object(ref).publicKey);
            slot.token->setAttributes(ref, { { TAG_ID, sha1.finish() } });
        }
        *publicKey = makeHandle(state.slot, ref, Part::PublicKey);
        *privateKey = makeHandle(state.slot, ref, Part::PrivateKey);
        return CKR_OK;
    });
}

CK_RV C_WrapKey(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE wrappingKey,
    CK_OBJECT_HANDLE key, unsigned char*, CK_ULONG* wrappedLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        (void)wrappingKey;
        if (mechanism == nullptr || wrappedLength == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        const auto ref = resolve(s, session, key);
        // CKA_EXTRACTABLE is false on every private key of this card, whatever the mechanism.
        return ref.part == Part::PrivateKey ? CKR_KEY_UNEXTRACTABLE : CKR_KEY_NOT_WRAPPABLE;
    });
}

} // extern "C"
