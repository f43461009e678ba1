// C_EX_GetTokenInfoExtended (Aktiv's CK_TOKEN_INFO_EXTENDED): from the card's vendor
// information, its PIN counters and its ATR (docs/vtoken.md "PKCS#11 module").
#include "ModuleState.hpp"
#include "Rtpkcs11.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;
using rt::CK_TOKEN_INFO_EXTENDED;

namespace
{

struct TypeClass
{
    uint8_t tokenType;
    CK_ULONG tokenClass;
};

// TOKEN_TYPE_* -> TOKEN_CLASS_* (RtPkcs11Constants.java): every ECP, smart cards and NFC
// models included, is class ECP; the Bluetooth ECP is ECPDUAL.
constexpr TypeClass CLASSES[] = {
    { 0x01, rt::TOKEN_CLASS_ECP },
    { 0x02, rt::TOKEN_CLASS_LITE },
    { 0x03, rt::TOKEN_CLASS_S },
    { 0x41, rt::TOKEN_CLASS_ECP },
    { 0x69, rt::TOKEN_CLASS_ECPDUAL },
    { 0xC1, rt::TOKEN_CLASS_ECP },
    { 0xC9, rt::TOKEN_CLASS_ECP },
};

// Where each field ends (the next one starts): a caller's structure gets the whole fields that
// fit in its ulSizeofThisStructure.
constexpr size_t FIELD_ENDS[] = {
    offsetof(CK_TOKEN_INFO_EXTENDED, ulTokenType),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulProtocolNumber),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMicrocodeNumber),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulOrderNumber),
    offsetof(CK_TOKEN_INFO_EXTENDED, flags),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMaxAdminPinLen),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMinAdminPinLen),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMaxUserPinLen),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMinUserPinLen),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMaxAdminRetryCount),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulAdminRetryCountLeft),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulMaxUserRetryCount),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulUserRetryCountLeft),
    offsetof(CK_TOKEN_INFO_EXTENDED, serialNumber),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulTotalMemory),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulFreeMemory),
    offsetof(CK_TOKEN_INFO_EXTENDED, ATR),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulATRLen),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulTokenClass),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryVoltage),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulBodyColor),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulFirmwareChecksum),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryPercentage),
    offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryFlags),
    sizeof(CK_TOKEN_INFO_EXTENDED),
};

// The oldest structure of Aktiv's headers ends with ulTokenClass: anything smaller is not one
// of theirs, and the vendor's answer to a bad argument is CKR_ARGUMENTS_BAD.
constexpr size_t OLDEST_SIZE = offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryVoltage);

CK_ULONG tokenClassOf(uint8_t tokenType)
{
    const auto row = std::ranges::find(CLASSES, tokenType, &TypeClass::tokenType);
    return row == std::end(CLASSES) ? rt::TOKEN_CLASS_UNKNOWN : row->tokenClass;
}

// VERIFY status (-1 verified: a right PIN resets the counter) -> tries left.
CK_ULONG triesLeft(int status, uint8_t max)
{
    return status < 0 ? max : static_cast<CK_ULONG>(status);
}

CK_TOKEN_INFO_EXTENDED describe(Token& token, const TokenData& data)
{
    CK_TOKEN_INFO_EXTENDED info {};
    info.ulTokenType = data.type;
    // The vendor's protocol, microcode and order numbers: vtoken has none (0).
    const uint8_t changed = token.changedPins();
    info.flags = data.flags | rt::TOKEN_FLAGS_ADMIN_CHANGE_USER_PIN
        | rt::TOKEN_FLAGS_USER_CHANGE_USER_PIN | rt::TOKEN_FLAGS_FW_CHECKSUM_UNAVAILIBLE
        | ((changed & 0x01) ? rt::TOKEN_FLAGS_ADMIN_PIN_NOT_DEFAULT : 0)
        | ((changed & 0x02) ? rt::TOKEN_FLAGS_USER_PIN_NOT_DEFAULT : 0);
    info.ulMinAdminPinLen = info.ulMinUserPinLen = data.pinLength[0];
    info.ulMaxAdminPinLen = info.ulMaxUserPinLen = data.pinLength[1];
    info.ulMaxUserRetryCount = data.maxTries[0];
    info.ulMaxAdminRetryCount = data.maxTries[1];
    info.ulUserRetryCountLeft = triesLeft(token.pinStatus(PIN_USER), data.maxTries[0]);
    info.ulAdminRetryCountLeft = triesLeft(token.pinStatus(PIN_ADMIN), data.maxTries[1]);
    for (int i = 0; i < 4; ++i) {
        info.serialNumber[4 + i] = static_cast<CK_BYTE>(data.serial >> (24 - 8 * i));
    }
    info.ulTotalMemory = data.totalMemory;
    info.ulFreeMemory = data.freeMemory;
    const Bytes atr = token.atr();
    info.ulATRLen = std::min(atr.size(), sizeof info.ATR);
    std::memcpy(info.ATR, atr.data(), info.ulATRLen);
    info.ulTokenClass = tokenClassOf(data.type);
    // No battery, no known body colour, no firmware checksum (the flag above says so).
    info.ulBodyColor = rt::TOKEN_BODY_COLOR_UNKNOWN;
    return info;
}

} // namespace

extern "C" {

CK_RV C_EX_GetTokenInfoExtended(CK_SLOT_ID id, CK_TOKEN_INFO_EXTENDED* info)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        Slot& slot = s.slot(id);
        if (info == nullptr || info->ulSizeofThisStructure < OLDEST_SIZE) {
            return CKR_ARGUMENTS_BAD;
        }
        const auto data = slot.token->info(true); // the free memory of now
        if (!data) {
            slot.loggedIn.reset();
            return CKR_TOKEN_NOT_PRESENT;
        }
        CK_TOKEN_INFO_EXTENDED full = describe(*slot.token, *data);
        // [in] the caller's size, [out] how much of it was filled.
        const size_t filled = *std::prev(
            std::ranges::upper_bound(FIELD_ENDS, static_cast<size_t>(info->ulSizeofThisStructure)));
        full.ulSizeofThisStructure = filled;
        std::memcpy(info, &full, filled);
        return CKR_OK;
    });
}

} // extern "C"
