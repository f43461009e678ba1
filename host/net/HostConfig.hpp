#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::net
{

// What an administrator (/etc/tokenbridge/host.json) or the user
// ($XDG_CONFIG_HOME/tokenbridge/host.json) lets web pages reach beyond the network guard's
// defaults (docs/install.md "Host configuration", docs/security.md "Network").
struct HostConfig
{
    // "host" or "host:port" (lower case; IPv6 literals in brackets): timestamp and OCSP servers a
    // page may name with http:// or at a loopback/private address.
    std::vector<std::string> timestampServers;
};

// Parses one file's JSON text, adding to `config`; std::invalid_argument on a malformed file.
void parseHostConfig(std::string_view json, HostConfig& config);

// The system file, then the user's (both optional); a malformed file is logged and skipped, so
// a typo never opens more than the defaults.
HostConfig loadHostConfig(const std::vector<std::filesystem::path>& files);

// /etc/tokenbridge/host.json and $XDG_CONFIG_HOME (or ~/.config)/tokenbridge/host.json.
std::vector<std::filesystem::path> defaultHostConfigFiles();

} // namespace tokenbridge::net
