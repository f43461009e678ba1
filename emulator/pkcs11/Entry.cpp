// Cryptoki entry points: library, slots, tokens, mechanisms (PKCS#11 v2.40 §5.4-5.5).
#include "ModuleState.hpp"

#include "core/Error.hpp"

#include <cstdio>
#include <algorithm>
#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace tokenbridge::vtoken::pkcs11
{

void padded(unsigned char* field, size_t size, std::string_view text)
{
    std::memset(field, ' ', size);
    size_t n = std::min(size, text.size());
    // Never half a UTF-8 character (model names are Cyrillic): back off continuation bytes.
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) {
        --n;
    }
    std::memcpy(field, text.data(), n);
}

namespace
{

    struct MechanismRow
    {
        CK_MECHANISM_TYPE type;
        CK_ULONG keyBits;
        CK_FLAGS flags;
    };

    // Aktiv's names for the TC26 ones of p11-kit: CKM_GOSTR3410_WITH_GOSTR3411_12_256/512,
    // CKM_GOSTR3411_12_256/512 (same values). The card signs (CKF_HW); Streebog runs in the
    // module (HashLibrary), so the digests are not CKF_HW.
    constexpr MechanismRow MECHANISMS[] = {
        { CKM_GOSTR3410_KEY_PAIR_GEN, 256, CKF_HW | CKF_GENERATE_KEY_PAIR },
        { CKM_GOSTR3410, 256, CKF_HW | CKF_SIGN },
        { CKM_GOSTR3410_WITH_GOSTR3411_2012_256, 256, CKF_HW | CKF_SIGN },
        { CKM_GOSTR3410_512_KEY_PAIR_GEN, 512, CKF_HW | CKF_GENERATE_KEY_PAIR },
        { CKM_GOSTR3410_512, 512, CKF_HW | CKF_SIGN },
        { CKM_GOSTR3410_WITH_GOSTR3411_2012_512, 512, CKF_HW | CKF_SIGN },
        { CKM_GOSTR3411_2012_256, 0, CKF_DIGEST },
        { CKM_GOSTR3411_2012_512, 0, CKF_DIGEST },
    };

    // `fresh`: read again, not the copy of this card connection (the free memory changes).
    TokenData presentToken(Slot& slot, bool fresh = false)
    {
        auto data = slot.token->info(fresh);
        if (!data) {
            slot.loggedIn.reset();
            throw CkrFailure { CKR_TOKEN_NOT_PRESENT };
        }
        return *data;
    }

    // Model name as Aktiv's module reports it: the card's own name when it has one.
    std::string modelName(const TokenData& data)
    {
        if (!data.name.empty()) {
            return data.name;
        }
        return data.hasCore() ? "Rutoken ECP" : "Rutoken";
    }

} // namespace

} // namespace tokenbridge::vtoken::pkcs11

extern "C" {

CK_RV C_Initialize(void* args)
{
    (void)args;
    return guarded(
        [](ModuleState& s) -> CK_RV {
            if (s.initialized) {
                return CKR_CRYPTOKI_ALREADY_INITIALIZED;
            }
            try {
                s.context = std::make_shared<const pcsc::Context>();
            } catch (const Error&) { // pcscd not reachable
                return CKR_DEVICE_ERROR;
            }
            s.initialized = true;
            return CKR_OK;
        },
        false);
}

CK_RV C_Finalize(void* reserved)
{
    if (reserved != nullptr) {
        return CKR_ARGUMENTS_BAD;
    }
    return guarded([](ModuleState& s) -> CK_RV {
        // Swapping with empty containers releases their memory too (clear() keeps a vector's).
        decltype(s.sessions)().swap(s.sessions); // their digests before the hash library
        s.hashes.reset();
        decltype(s.slots)().swap(s.slots);
        s.context.reset();
        s.initialized = false;
        return CKR_OK;
    });
}

CK_RV C_GetInfo(CK_INFO* info)
{
    return guarded([&](ModuleState&) -> CK_RV {
        if (info == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        *info = {};
        info->cryptokiVersion = { 2, 40 };
        padded(info->manufacturerID, sizeof info->manufacturerID, "tokenbridge vtoken");
        padded(info->libraryDescription, sizeof info->libraryDescription, "vtoken PKCS#11 module");
        info->libraryVersion = { 1, 0 };
        return CKR_OK;
    });
}

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID* list, CK_ULONG* count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        if (count == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        // Every call, not only the size query: p11-kit and GnuTLS call with a buffer first.
        s.refreshReaders();
        std::vector<CK_SLOT_ID> ids;
        for (CK_SLOT_ID id = 0; id < s.slots.size(); ++id) {
            if (!tokenPresent || s.slots[id].token->info()) {
                ids.push_back(id);
            }
        }
        if (list != nullptr && *count < ids.size()) {
            *count = ids.size();
            return CKR_BUFFER_TOO_SMALL;
        }
        *count = ids.size();
        if (list != nullptr) {
            std::copy(ids.begin(), ids.end(), list);
        }
        return CKR_OK;
    });
}

CK_RV C_GetSlotInfo(CK_SLOT_ID id, CK_SLOT_INFO* info)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(id);
        if (info == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        *info = {};
        padded(info->slotDescription, sizeof info->slotDescription, slot.token->reader());
        padded(info->manufacturerID, sizeof info->manufacturerID, "vsmartcard vpcd");
        info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
        if (slot.token->info()) {
            info->flags |= CKF_TOKEN_PRESENT;
        }
        return CKR_OK;
    });
}

CK_RV C_GetTokenInfo(CK_SLOT_ID id, CK_TOKEN_INFO* info)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(id);
        if (info == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        const TokenData data = presentToken(slot, true);
        *info = {};
        char serial[17];
        std::snprintf(serial, sizeof serial, "%016X", data.serial);
        padded(info->label, sizeof info->label, modelName(data));
        padded(info->manufacturerID, sizeof info->manufacturerID, "Aktiv Co. (vtoken)");
        padded(info->model, sizeof info->model, modelName(data));
        padded(info->serialNumber, sizeof info->serialNumber, serial);
        info->flags =
            CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED;
        // Counters from the card's own VERIFY status (63Cx / 6983).
        const int user = slot.token->pinStatus(PIN_USER);
        if (user == 0) {
            info->flags |= CKF_USER_PIN_LOCKED;
        } else if (user == 1) {
            info->flags |= CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
        } else if (user > 1 && user < 10) {
            info->flags |= CKF_USER_PIN_COUNT_LOW;
        }
        const int so = slot.token->pinStatus(PIN_ADMIN);
        if (so == 0) {
            info->flags |= CKF_SO_PIN_LOCKED;
        } else if (so == 1) {
            info->flags |= CKF_SO_PIN_FINAL_TRY | CKF_SO_PIN_COUNT_LOW;
        }
        info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
        info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
        info->ulSessionCount = info->ulRwSessionCount = 0;
        for (const auto& [handle, session] : s.sessions) {
            if (session.slot == id) {
                ++info->ulSessionCount;
                if (session.flags & CKF_RW_SESSION) {
                    ++info->ulRwSessionCount;
                }
            }
        }
        info->ulMaxPinLen = MAX_PIN_LENGTH;
        info->ulMinPinLen = MIN_PIN_LENGTH;
        info->ulTotalPublicMemory = info->ulTotalPrivateMemory = data.totalMemory;
        info->ulFreePublicMemory = info->ulFreePrivateMemory = data.freeMemory;
        info->hardwareVersion = { data.hw[0], data.hw[1] };
        info->firmwareVersion = { data.fw[0], data.fw[1] };
        return CKR_OK;
    });
}

CK_RV C_GetMechanismList(CK_SLOT_ID id, CK_MECHANISM_TYPE* list, CK_ULONG* count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const TokenData data = presentToken(s.slot(id));
        if (count == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        // A storage-only token (Rutoken S, Lite) has no crypto core: no mechanisms.
        const CK_ULONG n = data.hasCore() ? std::size(MECHANISMS) : 0;
        if (list != nullptr && *count < n) {
            *count = n;
            return CKR_BUFFER_TOO_SMALL;
        }
        *count = n;
        for (CK_ULONG i = 0; list != nullptr && i < n; ++i) {
            list[i] = MECHANISMS[i].type;
        }
        return CKR_OK;
    });
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID id, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO* info)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const TokenData data = presentToken(s.slot(id));
        if (info == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        for (const auto& row : MECHANISMS) {
            if (row.type == type && data.hasCore()) {
                *info = { row.keyBits, row.keyBits, row.flags };
                return CKR_OK;
            }
        }
        return CKR_MECHANISM_INVALID;
    });
}

} // extern "C"
