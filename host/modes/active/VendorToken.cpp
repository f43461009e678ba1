#include "VendorToken.hpp"

#include "AttributeTemplate.hpp"
#include "CkrError.hpp"
#include "Pkcs11Module.hpp"
#include "Session.hpp"
#include "SlotMatcher.hpp"
#include "core/Error.hpp"
#include "core/Log.hpp"

#include <algorithm>
#include <cstddef>

namespace tokenbridge::modes::active
{

namespace
{

    constexpr std::size_t endOf(std::size_t offset, std::size_t size)
    {
        return offset + size;
    }

    // How much of the structure the library filled ("out: size of the filled structure"); a
    // library that left the field alone or wrote nonsense is taken to have filled all of it.
    std::size_t filledSize(const rt::CK_TOKEN_INFO_EXTENDED& info)
    {
        const auto filled = static_cast<std::size_t>(info.ulSizeofThisStructure);
        return filled == 0 || filled > sizeof info ? sizeof info : filled;
    }

    // The token-info hardware feature object (Aktiv's apps read the interfaces and the model
    // name there). Not every library has it: missing, it leaves the fields unset.
    void readHardwareFeature(
        const std::shared_ptr<Pkcs11Module>& module, CK_SLOT_ID slot, VendorToken& token)
    {
        Session session(module, slot, false);
        AttributeTemplate filter;
        filter.addUlong(CKA_CLASS, CKO_HW_FEATURE)
            .addUlong(CKA_HW_FEATURE_TYPE, rt::CKH_VENDOR_TOKEN_INFO);
        const auto objects = session.findObjects(filter);
        if (objects.empty()) {
            return;
        }
        const auto object = objects.front();
        token.currentInterface =
            session.ulongAttribute(object, rt::CKA_VENDOR_CURRENT_TOKEN_INTERFACE).value_or(0);
        token.supportedInterfaces =
            session.ulongAttribute(object, rt::CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE).value_or(0);
        token.modelName = session.attribute(object, rt::CKA_VENDOR_MODEL_NAME).value_or(Bytes {});
    }

} // namespace

VendorToken readVendorToken(const std::shared_ptr<Pkcs11Module>& module, CK_SLOT_ID slot)
{
    const auto* extension = module->extension();
    if (extension == nullptr || extension->C_EX_GetTokenInfoExtended == nullptr) {
        throw FatalError(module->path() + " has no C_EX_GetTokenInfoExtended");
    }
    CK_TOKEN_INFO info {};
    checkCkr("C_GetTokenInfo", module->api()->C_GetTokenInfo(slot, &info));
    rt::CK_TOKEN_INFO_EXTENDED extended {};
    extended.ulSizeofThisStructure = sizeof extended;
    checkCkr("C_EX_GetTokenInfoExtended", extension->C_EX_GetTokenInfoExtended(slot, &extended));
    const std::size_t filled = filledSize(extended);
    using Info = rt::CK_TOKEN_INFO_EXTENDED;
    if (filled < endOf(offsetof(Info, serialNumber), sizeof extended.serialNumber)) {
        throw FatalError(module->path() + ": C_EX_GetTokenInfoExtended filled "
            + std::to_string(filled) + " bytes, too few for the serial number");
    }

    VendorToken token;
    token.hardwareVersion = info.hardwareVersion;
    token.firmwareVersion = info.firmwareVersion;
    token.serialText = paddedText(info.serialNumber);
    token.tokenType = extended.ulTokenType;
    token.flags = extended.flags;
    std::copy(
        std::begin(extended.serialNumber), std::end(extended.serialNumber), token.serial.begin());
    if (filled >= endOf(offsetof(Info, ulFreeMemory), sizeof(CK_ULONG))) {
        token.totalMemory = extended.ulTotalMemory;
        token.freeMemory = extended.ulFreeMemory;
    }
    if (filled >= endOf(offsetof(Info, ulTokenClass), sizeof(CK_ULONG))) {
        token.tokenClass = extended.ulTokenClass;
    }
    try {
        readHardwareFeature(module, slot, token);
    } catch (const RetryableError&) {
        throw; // the token went away or is busy: the description would be a guess
    } catch (const Error& error) {
        log::info(module->path() + ": no token-info hardware feature: " + error.what());
    }
    try {
        token.gostKeyGeneration = module->supportsMechanism(slot, CKM_GOSTR3410_KEY_PAIR_GEN);
    } catch (const RetryableError&) {
        throw;
    } catch (const Error& error) {
        log::info(module->path() + ": no mechanism list: " + error.what());
    }
    return token;
}

std::optional<VendorToken> describeVendorToken(
    const std::vector<std::shared_ptr<Pkcs11Module>>& modules, std::string_view reader)
{
    for (const auto& module : modules) {
        if (module->extension() == nullptr) {
            continue;
        }
        try {
            const auto slots = slotsInReader(*module, reader);
            if (slots.size() == 1) {
                return readVendorToken(module, slots.front());
            }
        } catch (const Error& error) {
            log::warn("PKCS#11 module " + module->path() + " cannot describe the token in "
                + std::string(reader) + ": " + error.what());
        }
    }
    return std::nullopt;
}

} // namespace tokenbridge::modes::active
