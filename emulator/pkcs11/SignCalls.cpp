// Signing (PKCS#11 v2.40 §5.12): the card signs a digest (MSE SET + PSO COMPUTE DIGITAL
// SIGNATURE). The raw mechanisms take the digest; the hash-and-sign ones hash the data with
// Streebog in the module first (vtoken has no hashing command; docs/vtoken.md "PKCS#11
// module"), in one part (C_Sign) or several (C_SignUpdate, C_SignFinal).
#include "ObjectCalls.hpp"

#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

struct SignRow
{
    CK_MECHANISM_TYPE mechanism;
    uint8_t algorithm; // of the key (01 GOST 256, 02 GOST 512)
    const char* hash; // null: a raw mechanism, the caller's data is the digest
    Bytes hashParams; // the one Streebog parameter OID the mechanism may name (DER)
};

const SignRow SIGN_ROWS[] = {
    { CKM_GOSTR3410, 0x01, nullptr, {} },
    { CKM_GOSTR3410_512, 0x02, nullptr, {} },
    { CKM_GOSTR3410_WITH_GOSTR3411_2012_256, 0x01, STREEBOG_256,
        { 0x06, 0x08, 0x2A, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02 } },
    { CKM_GOSTR3410_WITH_GOSTR3411_2012_512, 0x02, STREEBOG_512,
        { 0x06, 0x08, 0x2A, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x03 } },
};

const SignRow* signRow(CK_MECHANISM_TYPE mechanism)
{
    for (const auto& row : SIGN_ROWS) {
        if (row.mechanism == mechanism) {
            return &row;
        }
    }
    return nullptr;
}

// A hash-and-sign mechanism may name its Streebog by the parameter OID (as CKM_GOSTR3410_WITH_
// GOSTR3411 does); nothing else is a parameter.
bool parameterOk(const SignRow& row, const CK_MECHANISM& mechanism)
{
    if (mechanism.pParameter == nullptr || mechanism.ulParameterLen == 0) {
        return true;
    }
    const auto* p = static_cast<const uint8_t*>(mechanism.pParameter);
    return row.hash != nullptr && Bytes(p, p + mechanism.ulParameterLen) == row.hashParams;
}

void endSign(SessionState& state)
{
    state.signKey.reset();
    state.signHash.reset();
    state.signData.clear();
    state.signUpdated = false;
}

CK_ULONG signatureSize(const SessionState& state)
{
    const auto* row = signRow(state.signMechanism);
    return row != nullptr && row->algorithm == 0x02 ? 128 : 64;
}

// Ends the operation with the card's signature of the digest (a size query, or a buffer too
// small, leaves it running). `last` is C_Sign's data; C_SignFinal has none.
CK_RV finishSign(ModuleState& s, CK_SESSION_HANDLE session, std::optional<ByteView> last,
    unsigned char* signature, CK_ULONG* signatureLength)
{
    SessionState& state = s.session(session);
    const CK_ULONG size = signatureSize(state);
    if (signature == nullptr) {
        *signatureLength = size;
        return CKR_OK;
    }
    if (*signatureLength < size) {
        *signatureLength = size;
        return CKR_BUFFER_TOO_SMALL;
    }
    const CK_OBJECT_HANDLE key = *state.signKey;
    Bytes digest;
    if (state.signHash) {
        if (last) {
            state.signHash->update(*last);
        }
        digest = state.signHash->finish();
    } else {
        digest = last ? Bytes(last->begin(), last->end()) : state.signData;
    }
    endSign(state);
    if (digest.size() != size / 2) {
        return CKR_DATA_LEN_RANGE;
    }
    const auto ref = resolve(s, session, key);
    const Bytes out = ref.slot->token->sign(ref.object.ref, digest);
    if (out.size() != size) {
        return CKR_DEVICE_ERROR;
    }
    std::memcpy(signature, out.data(), out.size());
    *signatureLength = size;
    return CKR_OK;
}

} // namespace

extern "C" {

CK_RV C_SignInit(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE key)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (mechanism == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        if (state.signKey) {
            return CKR_OPERATION_ACTIVE;
        }
        const auto ref = resolveUsablePrivateKey(s, session, key);
        const SignRow* row = signRow(mechanism->mechanism);
        if (row == nullptr) {
            return CKR_MECHANISM_INVALID;
        }
        if (row->algorithm != ref.object.algorithm) {
            return CKR_KEY_TYPE_INCONSISTENT;
        }
        if (!parameterOk(*row, *mechanism)) {
            return CKR_MECHANISM_PARAM_INVALID;
        }
        if (row->hash != nullptr) {
            state.signHash.emplace(s.hashLibrary(), row->hash);
        }
        state.signKey = key;
        state.signMechanism = mechanism->mechanism;
        return CKR_OK;
    });
}

CK_RV C_Sign(CK_SESSION_HANDLE session, unsigned char* data, CK_ULONG length,
    unsigned char* signature, CK_ULONG* signatureLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.signKey) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (state.signUpdated) {
            return CKR_OPERATION_ACTIVE; // a multi-part operation ends with C_SignFinal
        }
        if ((data == nullptr && length != 0) || signatureLength == nullptr) {
            endSign(state);
            return CKR_ARGUMENTS_BAD;
        }
        return finishSign(s, session, ByteView(data, length), signature, signatureLength);
    });
}

CK_RV C_SignUpdate(CK_SESSION_HANDLE session, unsigned char* part, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.signKey) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (part == nullptr && length != 0) {
            endSign(state);
            return CKR_ARGUMENTS_BAD;
        }
        state.signUpdated = true;
        if (state.signHash) {
            state.signHash->update(ByteView(part, length));
        } else if (state.signData.size() + length > signatureSize(state) / 2) {
            endSign(state); // more than a digest: no raw signature can come of it
            return CKR_DATA_LEN_RANGE;
        } else {
            state.signData.insert(state.signData.end(), part, part + length);
        }
        return CKR_OK;
    });
}

CK_RV C_SignFinal(CK_SESSION_HANDLE session, unsigned char* signature, CK_ULONG* signatureLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.signKey) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (signatureLength == nullptr) {
            endSign(state);
            return CKR_ARGUMENTS_BAD;
        }
        return finishSign(s, session, std::nullopt, signature, signatureLength);
    });
}

} // extern "C"
