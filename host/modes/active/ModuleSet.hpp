#pragma once

#include "TokenLocator.hpp"
#include "VendorToken.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::modes::active
{

// The PKCS#11 modules one host process uses (created at the composition roots, app/). They are
// loaded when a token first needs one and kept for the process: loading runs a vendor library's
// C_Initialize, and discovery is slow. Thread-safe.
class ModuleSet
{
public:
    using PathSource = std::function<std::vector<std::string>()>;
    // How a PC/SC token is found among the loaded modules' slots: locateToken (reader + serial),
    // or, in tests, a module whose slots no reader names (SoftHSM2).
    using Locator = std::function<std::optional<TokenLocation>(
        const std::vector<std::shared_ptr<Pkcs11Module>>&, std::string_view, std::string_view)>;

    // `paths` is asked once, on first use.
    explicit ModuleSet(
        PathSource paths = [] { return installedModulePaths(); }, Locator locator = locateToken);

    // The slot of the token in `reader` with this serial (8 upper-case hex digits, as Rutoken
    // modules write it); nullopt when no module serves it.
    std::optional<TokenLocation> locate(std::string_view reader, std::string_view serialHex);

    // What Aktiv's extension says about the token in `reader` (VendorToken.hpp); nullopt when no
    // module with the extension serves it.
    std::optional<VendorToken> describe(std::string_view reader);

private:
    const std::vector<std::shared_ptr<Pkcs11Module>>& modules();

    PathSource _paths;
    Locator _locator;
    std::once_flag _loaded;
    std::vector<std::shared_ptr<Pkcs11Module>> _modules;
};

} // namespace tokenbridge::modes::active
