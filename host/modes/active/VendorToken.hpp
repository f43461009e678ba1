#pragma once

#include "Pkcs11.hpp"
#include "RtPkcs11.hpp"
#include "core/Bytes.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::modes::active
{

class Pkcs11Module;

// What Aktiv's PKCS#11 library says about one token: the fields Aktiv's own apps read to name
// its model (C_GetTokenInfo, C_EX_GetTokenInfoExtended and the token-info hardware feature
// object; RtPkcs11.hpp), as the library gave them.
struct VendorToken
{
    CK_VERSION hardwareVersion {};
    CK_VERSION firmwareVersion {};
    std::string serialText; // CK_TOKEN_INFO.serialNumber, trimmed
    CK_ULONG tokenType = rt::TOKEN_TYPE_UNKNOWN; // deprecated by Aktiv, may be unset
    std::optional<CK_ULONG> tokenClass; // absent when the library filled a shorter structure
    CK_FLAGS flags = 0; // TOKEN_FLAGS_*
    std::array<CK_BYTE, 8> serial {}; // big-endian
    CK_ULONG totalMemory = 0;
    CK_ULONG freeMemory = 0;
    CK_ULONG currentInterface = 0; // INTERFACE_TYPE_* bits; 0 without the hardware feature
    CK_ULONG supportedInterfaces = 0;
    Bytes modelName; // CKA_VENDOR_MODEL_NAME as given (unchecked); empty when absent
    bool gostKeyGeneration = false; // the slot offers CKM_GOSTR3410_KEY_PAIR_GEN
};

// Reads one slot of a module that has Aktiv's extension (FatalError if it has not). Failures of
// C_GetTokenInfo / C_EX_GetTokenInfoExtended throw (CkrError.hpp); the hardware feature object
// and the mechanism list are optional: a library without them leaves those fields unset.
VendorToken readVendorToken(const std::shared_ptr<Pkcs11Module>& module, CK_SLOT_ID slot);

// The token in `reader` as the first module with Aktiv's extension describes it (modules without
// the extension are not asked). A module must have exactly one slot with a token in that reader
// (SlotMatcher.hpp); one that fails is logged and skipped. nullopt when no module describes it.
std::optional<VendorToken> describeVendorToken(
    const std::vector<std::shared_ptr<Pkcs11Module>>& modules, std::string_view reader);

} // namespace tokenbridge::modes::active
