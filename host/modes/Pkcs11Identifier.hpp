#pragma once

#include "devices/VendorIdentifier.hpp"
#include "modes/active/VendorToken.hpp"

#include <memory>
#include <optional>
#include <string>

namespace tokenbridge::modes
{

namespace active
{
    class ModuleSet;
}

// The devices layer's VendorIdentifier over the process's PKCS#11 modules: a token described by
// a library with Aktiv's extension (active::VendorToken) in the fields of the token-info object,
// so the one decision table (devices/ModelRules.hpp) names the model whichever way the facts
// came. The modules are loaded on first use, that is when a Rutoken is first seen.
class Pkcs11Identifier final : public devices::VendorIdentifier
{
public:
    explicit Pkcs11Identifier(std::shared_ptr<active::ModuleSet> modules);

    std::optional<devices::TokenInfo> describe(const std::string& reader) override;

private:
    std::shared_ptr<active::ModuleSet> _modules;
};

// The conversion: the serial from the extended structure (big-endian; CK_TOKEN_INFO's hex text
// when that is zero), the FKN feature from TOKEN_FLAGS_SUPPORT_FKN, the crypto core from the GOST
// key generation mechanism, the token type from the token class when the deprecated type field is
// unset. nullopt when the serial does not fit the 32 bits of a Rutoken serial (the device id
// would differ from the token-info object's).
std::optional<devices::TokenInfo> toTokenInfo(const active::VendorToken& token);

} // namespace tokenbridge::modes
