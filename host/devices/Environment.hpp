#pragma once

#include <functional>
#include <optional>
#include <string>

namespace tokenbridge::devices
{

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
// Throws FatalError naming the valid values when TOKENBRIDGE_CSP or TOKENBRIDGE_PLATFORM is set
// to something the matrix does not know (a misconfiguration must not silently pick a profile).
Environment detectEnvironment();

// What detectEnvironment() reads, replaceable in tests.
struct EnvironmentProbe
{
    std::function<std::optional<std::string>(const std::string&)> variable; // getenv
    std::string cprocspRoot = "/opt/cprocsp";
    std::string hostPlatform; // the OS we run on: "linux", "macos" or "windows"
};
EnvironmentProbe systemProbe();
Environment detectEnvironment(const EnvironmentProbe& probe);

// The installed CryptoPro CSP's profile from `<root>/sbin/<arch>/cpconfig -ver` (another arch
// directory if ours is absent); std::nullopt if none is installed or its version is unknown.
std::optional<std::string> detectCspProfile(const std::string& cprocspRoot);

} // namespace tokenbridge::devices
