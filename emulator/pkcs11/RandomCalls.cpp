// Random numbers (PKCS#11 v2.40 §5.15): the card's generator (GET CHALLENGE), which is why the
// token sets CKF_RNG. It takes no seed.
#include "ModuleState.hpp"

#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

extern "C" {

CK_RV C_GenerateRandom(CK_SESSION_HANDLE handle, unsigned char* out, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& session = s.session(handle);
        if (out == nullptr && length != 0) {
            return CKR_ARGUMENTS_BAD;
        }
        if (length == 0) {
            return CKR_OK;
        }
        const Bytes random = s.slot(session.slot).token->random(length);
        std::memcpy(out, random.data(), random.size());
        return CKR_OK;
    });
}

CK_RV C_SeedRandom(CK_SESSION_HANDLE handle, unsigned char* seed, CK_ULONG length)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        (void)s.session(handle);
        if (seed == nullptr && length != 0) {
            return CKR_ARGUMENTS_BAD;
        }
        return CKR_RANDOM_SEED_NOT_SUPPORTED;
    });
}

} // extern "C"
