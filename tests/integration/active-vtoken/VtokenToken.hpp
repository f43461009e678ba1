#pragma once

#include "modes/active/TokenLocator.hpp"
#include "security/PinBuffer.hpp"

#include <string>

namespace tokenbridge::modes::active::test
{

inline constexpr const char* USER_PIN = "12345678";

// Token 0 of scripts/with-virtual-tokens.sh, found through libvtoken-pkcs11.so from the build
// tree (TOKENBRIDGE_VTOKEN_MODULE) the way the host finds a token: reader name + serial.
TokenLocation vtokenLocation(int index = 0);
std::string env(const std::string& name);
void assignPin(security::PinBuffer& pin, const std::string& text);

} // namespace tokenbridge::modes::active::test
