#include "Environment.hpp"

#include "CompatibilityTable.hpp"
#include "CspVersion.hpp"
#include "ProcessRunner.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace tokenbridge::devices
{

namespace
{

    // CryptoPro's directory name under sbin/ for this build's architecture.
    constexpr std::string_view CPROCSP_ARCH =
#if defined(__x86_64__)
        "amd64";
#elif defined(__i386__)
        "ia32";
#elif defined(__aarch64__)
        "aarch64";
#elif defined(__e2k__)
        "e2k64";
#else
        "";
#endif

    constexpr std::string_view HOST_PLATFORM =
#if defined(__APPLE__)
        "macos";
#elif defined(_WIN32)
        "windows";
#else
        "linux";
#endif

    // cpconfig answers at once; a hung one must not stall the host's start.
    constexpr std::chrono::milliseconds CPCONFIG_TIMEOUT { 3000 };

    template <typename Names>
    std::string validated(const std::string& variable, const std::string& value, const Names& valid)
    {
        if (std::ranges::find(valid, value) != std::end(valid)) {
            return value;
        }
        std::string list;
        for (std::string_view name : valid) {
            list += (list.empty() ? "" : ", ") + std::string(name);
        }
        throw FatalError(variable + "='" + value.substr(0, 64) + "' is not one of: " + list);
    }

    std::vector<std::filesystem::path> cpconfigCandidates(const std::string& root)
    {
        namespace fs = std::filesystem;
        std::vector<fs::path> candidates;
        const fs::path sbin = fs::path(root) / "sbin";
        if (!CPROCSP_ARCH.empty()) {
            candidates.push_back(sbin / CPROCSP_ARCH / "cpconfig");
        }
        std::error_code error;
        for (fs::directory_iterator it(sbin, error), end; !error && it != end;
             it.increment(error)) {
            auto path = it->path() / "cpconfig";
            if (std::ranges::find(candidates, path) == candidates.end()) {
                candidates.push_back(std::move(path));
            }
        }
        return candidates;
    }

} // namespace

std::optional<std::string> detectCspProfile(const std::string& cprocspRoot)
{
    for (const auto& candidate : cpconfigCandidates(cprocspRoot)) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(candidate, error)) {
            continue;
        }
        const auto run = runProcess(candidate.string(), { "-ver" }, CPCONFIG_TIMEOUT);
        if (!run) {
            continue;
        }
        if (const auto version = parseCspVersion(run->output)) {
            return cspProfileFor(*version);
        }
    }
    return std::nullopt;
}

EnvironmentProbe systemProbe()
{
    return {
        [](const std::string& name) -> std::optional<std::string> {
            const char* value = std::getenv(name.c_str()); // NOLINT(concurrency-mt-unsafe)
            return value ? std::optional<std::string>(value) : std::nullopt;
        },
        "/opt/cprocsp",
        std::string(HOST_PLATFORM),
    };
}

Environment detectEnvironment(const EnvironmentProbe& probe)
{
    Environment environment;
    if (const auto csp = probe.variable("TOKENBRIDGE_CSP"); csp && !csp->empty()) {
        environment.csp = validated("TOKENBRIDGE_CSP", *csp, CSP_PROFILES);
        environment.cspSource = "config";
    } else if (const auto detected = detectCspProfile(probe.cprocspRoot)) {
        environment.csp = *detected;
        environment.cspSource = "detected";
    }
    environment.platform = probe.hostPlatform;
    if (const auto platform = probe.variable("TOKENBRIDGE_PLATFORM");
        platform && !platform->empty()) {
        environment.platform = validated("TOKENBRIDGE_PLATFORM", *platform, PLATFORM_NAMES);
    }
    return environment;
}

Environment detectEnvironment()
{
    return detectEnvironment(systemProbe());
}

} // namespace tokenbridge::devices
