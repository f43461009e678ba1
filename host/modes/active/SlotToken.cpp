#include "SlotToken.hpp"

#include "CkrError.hpp"
#include "Pkcs11Module.hpp"

#include <string>

namespace tokenbridge::modes::active
{

namespace
{

    std::string versionText(const CK_VERSION& version)
    {
        return std::to_string(version.major) + "." + std::to_string(version.minor);
    }

    struct PinFlag
    {
        CK_FLAGS flag;
        const char* key;
        nlohmann::json value;
    };

} // namespace

SlotToken describeSlotOnly(const Pkcs11Module& module, CK_SLOT_ID slot)
{
    CK_SLOT_INFO slotInfo {};
    checkCkr("C_GetSlotInfo", module.api()->C_GetSlotInfo(slot, &slotInfo));
    SlotToken token;
    token.slot = slot;
    token.slotDescription = paddedText(slotInfo.slotDescription);
    token.slotManufacturer = paddedText(slotInfo.manufacturerID);
    return token;
}

SlotToken describeSlot(const Pkcs11Module& module, CK_SLOT_ID slot)
{
    SlotToken token = describeSlotOnly(module, slot);
    CK_TOKEN_INFO tokenInfo {};
    checkCkr("C_GetTokenInfo", module.api()->C_GetTokenInfo(slot, &tokenInfo));
    token.label = paddedText(tokenInfo.label);
    token.manufacturer = paddedText(tokenInfo.manufacturerID);
    token.model = paddedText(tokenInfo.model);
    token.serial = paddedText(tokenInfo.serialNumber);
    token.hardwareVersion = tokenInfo.hardwareVersion;
    token.firmwareVersion = tokenInfo.firmwareVersion;
    token.flags = tokenInfo.flags;
    token.minPinLength = tokenInfo.ulMinPinLen;
    token.maxPinLength = tokenInfo.ulMaxPinLen;
    return token;
}

std::vector<SlotToken> listTokens(const Pkcs11Module& module)
{
    std::vector<SlotToken> tokens;
    for (const auto slot : module.slotsWithToken()) {
        tokens.push_back(describeSlot(module, slot));
    }
    return tokens;
}

nlohmann::json userPinDetails(CK_FLAGS tokenFlags)
{
    // Most specific first: locked beats final try beats low.
    const PinFlag flags[] = {
        { CKF_USER_PIN_LOCKED, "retriesLeft", 0 },
        { CKF_USER_PIN_FINAL_TRY, "retriesLeft", 1 },
        { CKF_USER_PIN_COUNT_LOW, "retriesLow", true },
    };
    for (const auto& entry : flags) {
        if ((tokenFlags & entry.flag) != 0) {
            return { { entry.key, entry.value } };
        }
    }
    return nlohmann::json::object();
}

nlohmann::json toJson(const SlotToken& token)
{
    return { { "slot", token.slot }, { "slotDescription", token.slotDescription },
        { "slotManufacturer", token.slotManufacturer }, { "label", token.label },
        { "manufacturer", token.manufacturer }, { "model", token.model },
        { "serial", token.serial }, { "hardwareVersion", versionText(token.hardwareVersion) },
        { "firmwareVersion", versionText(token.firmwareVersion) }, { "flags", token.flags },
        { "loginRequired", (token.flags & CKF_LOGIN_REQUIRED) != 0 },
        { "userPinInitialized", (token.flags & CKF_USER_PIN_INITIALIZED) != 0 } };
}

} // namespace tokenbridge::modes::active
