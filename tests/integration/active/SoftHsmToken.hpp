#pragma once

// A throw-away SoftHSM2 token for the active-mode tests: a temp directory with its own
// softhsm2.conf (SOFTHSM2_CONF is set for this process before the module is loaded) and a token
// initialized by softhsm2-util. No pcscd involved.

#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/Session.hpp"
#include "security/PinBuffer.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace tokenbridge::modes::active::test
{

inline constexpr const char* SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";
inline constexpr const char* TOKEN_LABEL = "tokenbridge-test";
inline constexpr const char* USER_PIN = "12345678";
inline constexpr const char* SO_PIN = "87654321";

class SoftHsmToken
{
public:
    // Creates the directory and the token; throws std::runtime_error if softhsm2-util fails.
    SoftHsmToken();
    ~SoftHsmToken();

    [[nodiscard]] const std::shared_ptr<Pkcs11Module>& module() const { return _module; }
    [[nodiscard]] CK_SLOT_ID slot() const { return _slot; }
    [[nodiscard]] const std::filesystem::path& dir() const { return _dir; }

private:
    std::filesystem::path _dir;
    std::shared_ptr<Pkcs11Module> _module;
    CK_SLOT_ID _slot = 0;
};

// The one token of this test process (created on first use).
SoftHsmToken& softHsm();

// PIN in the host's own zeroizing buffer, as the real callers hold it.
void assignPin(security::PinBuffer& buffer, const char* pin);

} // namespace tokenbridge::modes::active::test
