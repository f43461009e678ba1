#include "VtokenToken.hpp"

#include "modes/active/Pkcs11Module.hpp"

#include <cstdlib>
#include <stdexcept>

namespace tokenbridge::modes::active::test
{

std::string env(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        throw std::runtime_error(name + " not set: run under scripts/with-virtual-tokens.sh");
    }
    return value;
}

TokenLocation vtokenLocation(int index)
{
    const auto modules = loadModules({ TOKENBRIDGE_VTOKEN_MODULE });
    const std::string prefix = "VTOKEN_" + std::to_string(index) + "_";
    auto location = locateToken(modules, env(prefix + "READER"), env(prefix + "SERIAL"));
    if (!location) {
        throw std::runtime_error("vtoken not found through the PKCS#11 module");
    }
    return *location;
}

void assignPin(security::PinBuffer& pin, const std::string& text)
{
    pin.assign(std::span<const char>(text.data(), text.size()));
}

} // namespace tokenbridge::modes::active::test
