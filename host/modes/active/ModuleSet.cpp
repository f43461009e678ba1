#include "ModuleSet.hpp"

namespace tokenbridge::modes::active
{

ModuleSet::ModuleSet(PathSource paths, Locator locator) :
    _paths(std::move(paths)), _locator(std::move(locator))
{
}

const std::vector<std::shared_ptr<Pkcs11Module>>& ModuleSet::modules()
{
    std::call_once(_loaded, [this] { _modules = loadModules(_paths()); });
    return _modules;
}

std::optional<TokenLocation> ModuleSet::locate(std::string_view reader, std::string_view serialHex)
{
    return _locator(modules(), reader, serialHex);
}

std::optional<VendorToken> ModuleSet::describe(std::string_view reader)
{
    return describeVendorToken(modules(), reader);
}

} // namespace tokenbridge::modes::active
