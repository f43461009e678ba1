#include "SoftHsmToken.hpp"

#include "modes/active/SlotToken.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace tokenbridge::modes::active::test
{

SoftHsmToken::SoftHsmToken()
{
    char pattern[] = "/tmp/tb-softhsm-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    _dir = pattern;
    std::filesystem::create_directories(_dir / "tokens");
    const auto conf = _dir / "softhsm2.conf";
    std::ofstream(conf)
        << "directories.tokendir = " << (_dir / "tokens").string() << "\n"
        << "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n";
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    const std::string command = std::string("softhsm2-util --init-token --free --label ")
        + TOKEN_LABEL + " --so-pin " + SO_PIN + " --pin " + USER_PIN + " > "
        + (_dir / "init.log").string() + " 2>&1";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error(
            "softhsm2-util --init-token failed; see " + (_dir / "init.log").string());
    }
    _module = Pkcs11Module::load(SOFTHSM_MODULE);
    for (const auto& token : listTokens(*_module)) {
        if (token.label == TOKEN_LABEL) {
            _slot = token.slot;
            return;
        }
    }
    throw std::runtime_error("the initialized SoftHSM token is not listed");
}

SoftHsmToken::~SoftHsmToken()
{
    _module.reset();
    std::error_code ignored;
    std::filesystem::remove_all(_dir, ignored);
}

SoftHsmToken& softHsm()
{
    static SoftHsmToken token;
    return token;
}

void assignPin(security::PinBuffer& buffer, const char* pin)
{
    buffer.assign(std::span<const char>(pin, std::strlen(pin)));
}

} // namespace tokenbridge::modes::active::test
