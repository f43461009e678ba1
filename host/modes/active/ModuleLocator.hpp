#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::active
{

// Where PKCS#11 modules are looked for. TOKENBRIDGE_PKCS11_MODULES=path:path replaces the
// defaults entirely; otherwise: Aktiv's librtpkcs11ecp at its usual install paths, then CryptoPro
// CSP's libcppkcs11, then our own libvtoken-pkcs11.so next to the host binary, in
// ../lib/tokenbridge, and in the build tree.
struct ModuleSearch
{
    std::optional<std::string> overrideList; // the variable's value, if set
    std::string executableDir; // directory of the running binary; empty if unknown
    std::string buildTreeDir; // where the build puts libvtoken-pkcs11.so; empty if none
};

// The environment of this process: the variable, /proc/self/exe and the configured build tree.
ModuleSearch currentModuleSearch();

// Every candidate in order (existing or not); duplicates removed.
std::vector<std::string> candidateModulePaths(const ModuleSearch& search);

// The candidates that exist as regular files. Without the variable, only files that root or
// this user alone can change (the file and every directory above it) are kept.
std::vector<std::string> installedModulePaths(const ModuleSearch& search = currentModuleSearch());

} // namespace tokenbridge::modes::active
