#pragma once

#include "ModuleLocator.hpp"
#include "Pkcs11.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::modes::active
{

class Pkcs11Module;

// Loads each path; a module that fails to load or initialize is logged (stderr) and skipped, so
// one broken vendor library does not take the active mode down.
std::vector<std::shared_ptr<Pkcs11Module>> loadModules(const std::vector<std::string>& paths);

// Where a token the PC/SC layer detected lives in PKCS#11.
struct TokenLocation
{
    std::shared_ptr<Pkcs11Module> module;
    CK_SLOT_ID slot = 0;
};

// The first module (in discovery order) with a slot matching the reader and serial
// (SlotMatcher.hpp). A module whose slot listing fails is skipped (logged).
std::optional<TokenLocation> locateToken(const std::vector<std::shared_ptr<Pkcs11Module>>& modules,
    std::string_view reader, std::string_view serialHex);

} // namespace tokenbridge::modes::active
