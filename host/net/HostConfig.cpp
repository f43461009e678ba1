#include "HostConfig.hpp"

#include "core/Log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tokenbridge::net
{

namespace
{

    std::string lower(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(),
            [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    }

} // namespace

void parseHostConfig(std::string_view json, HostConfig& config)
{
    const auto document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        throw std::invalid_argument("not a JSON object");
    }
    if (!document.contains("timestampServers")) {
        return;
    }
    const auto& servers = document["timestampServers"];
    if (!servers.is_array()) {
        throw std::invalid_argument("timestampServers must be an array of host names");
    }
    for (const auto& entry : servers) {
        if (!entry.is_string() || entry.get_ref<const std::string&>().empty()
            || entry.get_ref<const std::string&>().find_first_of("/ \t@") != std::string::npos) {
            throw std::invalid_argument(
                "timestampServers: each entry is \"host\" or \"host:port\"");
        }
        config.timestampServers.push_back(lower(entry.get<std::string>()));
    }
}

HostConfig loadHostConfig(const std::vector<std::filesystem::path>& files)
{
    HostConfig config;
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) {
            continue; // both files are optional
        }
        std::stringstream text;
        text << in.rdbuf();
        HostConfig one;
        try {
            parseHostConfig(text.str(), one);
        } catch (const std::exception& error) {
            log::warn("host configuration " + file.string() + " ignored: " + error.what());
            continue;
        }
        config.timestampServers.insert(config.timestampServers.end(), one.timestampServers.begin(),
            one.timestampServers.end());
    }
    return config;
}

std::vector<std::filesystem::path> defaultHostConfigFiles()
{
    std::vector<std::filesystem::path> files { "/etc/tokenbridge/host.json" };
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
        files.emplace_back(std::filesystem::path(xdg) / "tokenbridge" / "host.json");
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
        files.emplace_back(std::filesystem::path(home) / ".config" / "tokenbridge" / "host.json");
    }
    return files;
}

} // namespace tokenbridge::net
