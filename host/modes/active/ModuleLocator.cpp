#include "ModuleLocator.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include <sys/stat.h>
#include <unistd.h>

namespace tokenbridge::modes::active
{

namespace
{

    // Aktiv ships librtpkcs11ecp as a .deb/.rpm under /opt/aktivco and as a plain library that
    // admins copy to the lib directories (www.rutoken.ru/support/download/pkcs/).
    constexpr std::string_view VENDOR_MODULES[] = {
        "/usr/lib/librtpkcs11ecp.so",
        "/usr/local/lib/librtpkcs11ecp.so",
        "/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so",
        "/usr/lib64/librtpkcs11ecp.so",
        "/opt/aktivco/rutokenecp/amd64/librtpkcs11ecp.so",
        "/opt/aktivco/rutokenecp/x86_64/librtpkcs11ecp.so",
    };

    // CryptoPro CSP 5's own PKCS#11 library, after Aktiv's: the path the Gosuslugi plugin's
    // configuration (IFCPlugin, /etc/ifc.cfg: provider model "CPPKCS 3", lib_linux) names for
    // Linux x86-64. Other architectures' file names are not confirmed, so not listed. Not tested:
    // no CSP is installed where the tests run (docs/active.md).
    constexpr std::string_view CSP_MODULES[] = {
        "/opt/cprocsp/lib/amd64/libcppkcs11.so",
    };

    constexpr std::string_view OWN_MODULE = "libvtoken-pkcs11.so";

    std::vector<std::string> splitList(std::string_view list)
    {
        std::vector<std::string> paths;
        while (!list.empty()) {
            const auto colon = list.find(':');
            const auto item = list.substr(0, colon);
            if (!item.empty()) {
                paths.emplace_back(item);
            }
            if (colon == std::string_view::npos) {
                break;
            }
            list.remove_prefix(colon + 1);
        }
        return paths;
    }

    // Whether a path is controlled only by root or by us: owned by one of them and not writable
    // by group or others. dlopen runs the module's code in the host, so a module (or a directory
    // above it) another local user could replace must not be loaded from a default location.
    bool ownedSafely(const std::filesystem::path& path)
    {
        struct stat info
        {
        };
        if (::stat(path.c_str(), &info) != 0) {
            return false;
        }
        const bool owner = info.st_uid == 0 || info.st_uid == ::geteuid();
        // A sticky directory (/tmp) lets nobody else rename or delete what we own inside it.
        const bool sticky = S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX) != 0;
        return owner && (sticky || (info.st_mode & (S_IWGRP | S_IWOTH)) == 0);
    }

    bool safeToLoad(const std::filesystem::path& module)
    {
        for (auto dir = module;; dir = dir.parent_path()) {
            if (!ownedSafely(dir)) {
                return false;
            }
            if (dir == dir.root_path() || dir.parent_path() == dir) {
                return true;
            }
        }
    }

} // namespace

ModuleSearch currentModuleSearch()
{
    ModuleSearch search;
    if (const char* list = std::getenv("TOKENBRIDGE_PKCS11_MODULES")) {
        search.overrideList = list;
    }
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        search.executableDir = exe.parent_path().string();
    }
#ifdef TOKENBRIDGE_BUILD_MODULE_DIR
    search.buildTreeDir = TOKENBRIDGE_BUILD_MODULE_DIR;
#endif
    return search;
}

std::vector<std::string> candidateModulePaths(const ModuleSearch& search)
{
    if (search.overrideList) {
        return splitList(*search.overrideList);
    }
    std::vector<std::string> paths(std::begin(VENDOR_MODULES), std::end(VENDOR_MODULES));
    paths.insert(paths.end(), std::begin(CSP_MODULES), std::end(CSP_MODULES));
    const auto own = [&](const std::string& dir) {
        if (!dir.empty()) {
            paths.push_back((std::filesystem::path(dir) / OWN_MODULE).lexically_normal());
        }
    };
    own(search.executableDir);
    if (!search.executableDir.empty()) {
        own(search.executableDir + "/../lib/tokenbridge");
    }
    own(search.buildTreeDir);
    std::vector<std::string> unique;
    for (auto& path : paths) {
        if (std::find(unique.begin(), unique.end(), path) == unique.end()) {
            unique.push_back(std::move(path));
        }
    }
    return unique;
}

std::vector<std::string> installedModulePaths(const ModuleSearch& search)
{
    std::vector<std::string> result;
    for (auto& path : candidateModulePaths(search)) {
        std::error_code error;
        // The variable is the user's explicit choice; the defaults must be safe to load.
        const bool trusted = search.overrideList || safeToLoad(std::filesystem::path(path));
        if (std::filesystem::is_regular_file(path, error) && trusted) {
            result.push_back(std::move(path));
        }
    }
    return result;
}

} // namespace tokenbridge::modes::active
