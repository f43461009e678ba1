#include "TokenLocator.hpp"

#include "Pkcs11Module.hpp"
#include "SlotMatcher.hpp"
#include "core/Error.hpp"
#include "core/Log.hpp"

namespace tokenbridge::modes::active
{

std::vector<std::shared_ptr<Pkcs11Module>> loadModules(const std::vector<std::string>& paths)
{
    std::vector<std::shared_ptr<Pkcs11Module>> modules;
    for (const auto& path : paths) {
        try {
            modules.push_back(Pkcs11Module::load(path));
        } catch (const Error& error) {
            log::warn(std::string("skipping PKCS#11 module: ") + error.what());
        }
    }
    return modules;
}

std::optional<TokenLocation> locateToken(const std::vector<std::shared_ptr<Pkcs11Module>>& modules,
    std::string_view reader, std::string_view serialHex)
{
    for (const auto& module : modules) {
        try {
            if (const auto slot = findSlot(*module, reader, serialHex)) {
                return TokenLocation { module, *slot };
            }
        } catch (const Error& error) {
            log::warn(
                "PKCS#11 module " + module->path() + " cannot list its tokens: " + error.what());
        }
    }
    return std::nullopt;
}

} // namespace tokenbridge::modes::active
