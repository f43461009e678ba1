// net::guardUrl and the host configuration: the native-messaging rule for page-chosen URLs.
#include "net/HostConfig.hpp"
#include "net/NetworkGuard.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace tokenbridge::net
{
namespace
{

    // A fixed DNS: name -> addresses.
    Resolver table(std::map<std::string, std::vector<std::string>> entries)
    {
        return [entries = std::move(entries)](const std::string& host) {
            const auto found = entries.find(host);
            return found == entries.end() ? std::vector<std::string> {} : found->second;
        };
    }

    TEST(NetworkGuard, InternalAddresses)
    {
        for (const char* address :
            { "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1",
                "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "::127.0.0.1", "64:ff9b::a00:1", "ff02::1", "not-an-address" }) {
            EXPECT_TRUE(isInternalAddress(address)) << address;
        }
        for (const char* address :
            { "8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "::ffff:8.8.8.8" }) {
            EXPECT_FALSE(isInternalAddress(address)) << address;
        }
    }

    TEST(NetworkGuard, PublicHttpsIsPinnedToTheCheckedAddress)
    {
        const auto guarded = guardUrl("https://TSA.Example:8443/tsp", {}, GuardRule::PageUrl,
            table({ { "tsa.example", { "203.0.113.7", "2001:db8::7" } } }));
        EXPECT_EQ(guarded.host, "tsa.example");
        ASSERT_TRUE(guarded.route);
        EXPECT_EQ(guarded.route->host, "tsa.example");
        EXPECT_EQ(guarded.route->port, 8443);
        EXPECT_EQ(guarded.route->address, "203.0.113.7");
    }

    TEST(NetworkGuard, RefusesWhatAPageMustNotReach)
    {
        const auto dns = table({ { "intranet.example", { "203.0.113.7", "192.168.0.10" } },
            { "rebind.example", { "127.0.0.1" } }, { "tsa.example", { "203.0.113.7" } } });
        EXPECT_THROW(guardUrl("http://tsa.example/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(
            guardUrl("https://intranet.example/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(
            guardUrl("https://rebind.example/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(guardUrl("https://127.0.0.1/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(
            guardUrl("https://[::ffff:10.0.0.1]/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(
            guardUrl("https://unknown.example/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(guardUrl("ftp://tsa.example/", {}, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_THROW(guardUrl("file:///etc/passwd", {}, GuardRule::Open, dns), NetworkRefused);
        // A certificate's own URL may be http, never internal.
        EXPECT_NO_THROW(guardUrl("http://tsa.example/", {}, GuardRule::CertificateUrl, dns));
        EXPECT_THROW(
            guardUrl("http://rebind.example/", {}, GuardRule::CertificateUrl, dns), NetworkRefused);
    }

    TEST(NetworkGuard, ListedHostsAndTheCommandLinePass)
    {
        HostConfig config;
        parseHostConfig(R"({"timestampServers": ["127.0.0.1:8080", "TSA.lan"]})", config);
        const auto dns = table({ { "tsa.lan", { "192.168.0.5" } } });
        EXPECT_FALSE(guardUrl("http://127.0.0.1:8080/tsp", config, GuardRule::PageUrl, dns).route);
        EXPECT_NO_THROW(guardUrl("http://tsa.lan/", config, GuardRule::PageUrl, dns));
        // The port is part of a host:port entry.
        EXPECT_THROW(
            guardUrl("http://127.0.0.1:8081/", config, GuardRule::PageUrl, dns), NetworkRefused);
        EXPECT_NO_THROW(guardUrl("http://192.168.0.9/", {}, GuardRule::Open, dns));
    }

    TEST(HostConfig, RejectsMalformedFilesAndMergesSystemAndUser)
    {
        HostConfig config;
        EXPECT_THROW(parseHostConfig("[]", config), std::invalid_argument);
        EXPECT_THROW(
            parseHostConfig(R"({"timestampServers": "x"})", config), std::invalid_argument);
        EXPECT_THROW(parseHostConfig(R"({"timestampServers": ["http://x/"]})", config),
            std::invalid_argument);
        const auto dir = std::filesystem::temp_directory_path()
            / ("tb-host-config-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "system.json") << R"({"timestampServers": ["a.lan"]})";
        std::ofstream(dir / "broken.json") << R"({"timestampServers": [1]})";
        std::ofstream(dir / "user.json") << R"({"timestampServers": ["b.lan:80"], "other": 1})";
        const auto loaded = loadHostConfig(
            { dir / "system.json", dir / "missing.json", dir / "broken.json", dir / "user.json" });
        EXPECT_EQ(loaded.timestampServers, (std::vector<std::string> { "a.lan", "b.lan:80" }));
        std::filesystem::remove_all(dir);
    }

    TEST(HostConfig, DefaultFilesFollowXdg)
    {
        ::setenv("XDG_CONFIG_HOME", "/x/config", 1);
        const auto files = defaultHostConfigFiles();
        ASSERT_EQ(files.size(), 2U);
        EXPECT_EQ(files[0], "/etc/tokenbridge/host.json");
        EXPECT_EQ(files[1], "/x/config/tokenbridge/host.json");
    }

} // namespace
} // namespace tokenbridge::net
