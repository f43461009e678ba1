#include "modes/active/ModuleLocator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace tokenbridge::modes::active
{
namespace
{

    bool contains(const std::vector<std::string>& list, const std::string& item)
    {
        return std::find(list.begin(), list.end(), item) != list.end();
    }

    TEST(ModuleLocator, DefaultsFindTheVendorModuleAndOurs)
    {
        const ModuleSearch search { std::nullopt, "/opt/tokenbridge/bin", "/build/emulator" };
        const auto paths = candidateModulePaths(search);
        EXPECT_TRUE(contains(paths, "/usr/lib/librtpkcs11ecp.so"));
        EXPECT_TRUE(contains(paths, "/usr/local/lib/librtpkcs11ecp.so"));
        EXPECT_TRUE(contains(paths, "/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so"));
        EXPECT_TRUE(contains(paths, "/opt/aktivco/rutokenecp/amd64/librtpkcs11ecp.so"));
        EXPECT_TRUE(contains(paths, "/opt/tokenbridge/bin/libvtoken-pkcs11.so"));
        EXPECT_TRUE(contains(paths, "/opt/tokenbridge/lib/tokenbridge/libvtoken-pkcs11.so"));
        EXPECT_TRUE(contains(paths, "/build/emulator/libvtoken-pkcs11.so"));
        // The vendor's module is tried before ours; CryptoPro CSP's own between the two.
        EXPECT_EQ(paths.front(), "/usr/lib/librtpkcs11ecp.so");
        const auto at = [&](std::string_view path) {
            return std::find(paths.begin(), paths.end(), path) - paths.begin();
        };
        const auto csp = at("/opt/cprocsp/lib/amd64/libcppkcs11.so");
        ASSERT_LT(csp, std::ssize(paths));
        EXPECT_GT(csp, at("/opt/aktivco/rutokenecp/x86_64/librtpkcs11ecp.so"));
        EXPECT_LT(csp, at("/opt/tokenbridge/bin/libvtoken-pkcs11.so"));
    }

    TEST(ModuleLocator, EnvironmentReplacesTheDefaults)
    {
        const ModuleSearch search { "/a/one.so::/b/two.so:", "/opt/tokenbridge/bin", "" };
        EXPECT_EQ(
            candidateModulePaths(search), (std::vector<std::string> { "/a/one.so", "/b/two.so" }));
        const ModuleSearch empty { "", "/opt/tokenbridge/bin", "" };
        EXPECT_TRUE(candidateModulePaths(empty).empty());
    }

    TEST(ModuleLocator, InstalledKeepsOnlyExistingFiles)
    {
        const auto dir = std::filesystem::temp_directory_path() / "tb-active-locator";
        std::filesystem::create_directories(dir);
        const auto present = (dir / "present.so").string();
        std::ofstream(present) << "x";
        const ModuleSearch search {
            present + ":" + (dir / "missing.so").string() + ":" + dir.string(), "", ""
        };
        EXPECT_EQ(installedModulePaths(search), (std::vector<std::string> { present }));
        std::filesystem::remove_all(dir);
    }

    TEST(ModuleLocator, DefaultsSkipModulesOthersCouldReplace)
    {
        namespace fs = std::filesystem;
        const auto dir = fs::temp_directory_path() / "tb-active-locator-perms";
        fs::remove_all(dir);
        fs::create_directories(dir);
        const auto module = (dir / "libvtoken-pkcs11.so").string();
        std::ofstream(module) << "x";
        fs::permissions(dir,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                | fs::perms::others_read | fs::perms::others_exec);
        const ModuleSearch search { std::nullopt, "", dir.string() };
        const auto found = installedModulePaths(search);
        EXPECT_NE(std::find(found.begin(), found.end(), module), found.end());
        // Writable by others (and not sticky): anyone could put their code there.
        fs::permissions(dir, fs::perms::all);
        const auto refused = installedModulePaths(search);
        EXPECT_EQ(std::find(refused.begin(), refused.end(), module), refused.end());
        fs::permissions(dir, fs::perms::owner_all);
        fs::permissions(module, fs::perms::owner_read | fs::perms::others_write);
        const auto refusedFile = installedModulePaths(search);
        EXPECT_EQ(std::find(refusedFile.begin(), refusedFile.end(), module), refusedFile.end());
        fs::remove_all(dir);
    }

    TEST(ModuleLocator, CurrentSearchReadsTheVariable)
    {
        ::setenv("TOKENBRIDGE_PKCS11_MODULES", "/x/y.so", 1);
        const auto search = currentModuleSearch();
        ::unsetenv("TOKENBRIDGE_PKCS11_MODULES");
        ASSERT_TRUE(search.overrideList.has_value());
        EXPECT_EQ(*search.overrideList, "/x/y.so");
        EXPECT_FALSE(search.executableDir.empty());
        EXPECT_FALSE(currentModuleSearch().overrideList.has_value());
    }

} // namespace
} // namespace tokenbridge::modes::active
