// Message digests (PKCS#11 v2.40 §5.10): Streebog, computed in the module (HashLibrary), since
// vtoken has no hashing command (docs/vtoken.md "PKCS#11 module"). The output bytes are
// OpenSSL's (`openssl dgst -md_gost12_256`), the order the raw signing mechanisms take.
#include "ModuleState.hpp"

#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace
{

struct DigestRow
{
    CK_MECHANISM_TYPE mechanism;
    const char* hash;
};

constexpr DigestRow DIGESTS[] = {
    { CKM_GOSTR3411_2012_256, STREEBOG_256 },
    { CKM_GOSTR3411_2012_512, STREEBOG_512 },
};

void endDigest(SessionState& state)
{
    state.digest.reset();
    state.digestUpdated = false;
}

// Ends the operation with the digest (a size query or a buffer too small leaves it running).
CK_RV finishDigest(
    SessionState& state, std::optional<ByteView> last, unsigned char* out, CK_ULONG* outLength)
{
    const CK_ULONG size = state.digest->size();
    if (out == nullptr) {
        *outLength = size;
        return CKR_OK;
    }
    if (*outLength < size) {
        *outLength = size;
        return CKR_BUFFER_TOO_SMALL;
    }
    // Ended before hashing: a failure ends the operation too (§5.10).
    Digest running = std::move(*state.digest);
    endDigest(state);
    if (last) {
        running.update(*last);
    }
    const Bytes digest = running.finish();
    std::memcpy(out, digest.data(), digest.size());
    *outLength = size;
    return CKR_OK;
}

} // namespace

extern "C" {

CK_RV C_DigestInit(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (mechanism == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        if (state.digest) {
            return CKR_OPERATION_ACTIVE;
        }
        // Mechanisms of the token: none on a storage-only model (C_GetMechanismList).
        const auto info = s.slot(state.slot).token->info();
        if (!info) {
            return CKR_DEVICE_REMOVED;
        }
        for (const auto& row : DIGESTS) {
            if (row.mechanism == mechanism->mechanism && info->hasCore()) {
                if (mechanism->pParameter != nullptr && mechanism->ulParameterLen != 0) {
                    return CKR_MECHANISM_PARAM_INVALID;
                }
                state.digest.emplace(s.hashLibrary(), row.hash);
                return CKR_OK;
            }
        }
        return CKR_MECHANISM_INVALID;
    });
}

CK_RV C_Digest(CK_SESSION_HANDLE session, unsigned char* data, CK_ULONG length,
    unsigned char* digest, CK_ULONG* digestLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.digest) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (state.digestUpdated) {
            return CKR_OPERATION_ACTIVE; // a multi-part digest ends with C_DigestFinal
        }
        if ((data == nullptr && length != 0) || digestLength == nullptr) {
            endDigest(state);
            return CKR_ARGUMENTS_BAD;
        }
        return finishDigest(state, ByteView(data, length), digest, digestLength);
    });
}

CK_RV C_DigestUpdate(CK_SESSION_HANDLE session, unsigned char* part, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.digest) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (part == nullptr && length != 0) {
            endDigest(state);
            return CKR_ARGUMENTS_BAD;
        }
        state.digest->update(ByteView(part, length));
        state.digestUpdated = true;
        return CKR_OK;
    });
}

CK_RV C_DigestFinal(CK_SESSION_HANDLE session, unsigned char* digest, CK_ULONG* digestLength)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& state = s.session(session);
        if (!state.digest) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (digestLength == nullptr) {
            endDigest(state);
            return CKR_ARGUMENTS_BAD;
        }
        return finishDigest(state, std::nullopt, digest, digestLength);
    });
}

} // extern "C"
