#pragma once

#include <string>

namespace tokenbridge::devices {

// The non-token inputs of the compatibility matrix.
struct Environment
{
    std::string csp = "5.0-R3"; // CryptoPro CSP profile
    std::string cspSource = "default"; // "default", "config", "detected"
    std::string platform = "linux";
};

// CSP profile: TOKENBRIDGE_CSP env / config wins; else detected from an installed CryptoPro CSP
// (`/opt/cprocsp/sbin/<arch>/cpconfig -ver`); else the default. Platform: TOKENBRIDGE_PLATFORM
// or the one the host runs on.
Environment detectEnvironment();

} // namespace tokenbridge::devices
