#include "devices/CspVersion.hpp"
#include "devices/Environment.hpp"
#include "devices/ProcessRunner.hpp"
#include "core/Error.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <unistd.h>

namespace tokenbridge::devices
{
namespace
{

    namespace fs = std::filesystem;

    std::optional<std::string> profileOf(const std::string& output)
    {
        const auto version = parseCspVersion(output);
        return version ? cspProfileFor(*version) : std::nullopt;
    }

    TEST(CspVersion, ParsesCpconfigOutput)
    {
        const auto v = parseCspVersion(
            "CryptoPro CSP 5.0 KC1 Release Ver:5.0.12000 OS:Linux CPU:AMD64 FastCode:READY:AVX.");
        ASSERT_TRUE(v);
        EXPECT_EQ(*v, (CspVersion { 5, 0, 12000 }));
        // "Ver:" wins over an earlier number.
        EXPECT_EQ(parseCspVersion("v4.0.9963 Release Ver:5.0.13000"), (CspVersion { 5, 0, 13000 }));
        EXPECT_EQ(parseCspVersion("5.0.11455\n"), (CspVersion { 5, 0, 11455 }));
        EXPECT_FALSE(parseCspVersion("CryptoPro CSP 5.0"));
        EXPECT_FALSE(parseCspVersion(""));
        EXPECT_FALSE(parseCspVersion("cpconfig: command not found"));
    }

    TEST(CspVersion, MapsToProfiles)
    {
        const std::pair<std::string, std::optional<std::string>> samples[] = {
            { "4.0.9963 KC1 Release Ver:4.0.9963 OS:Linux CPU:AMD64", "4.0-R4" },
            { "Ver:4.0.9944", "4.0-R4" },
            { "Ver:5.0.10003", "5.0-11455" },
            { "CSP Ver:5.0.11455 OS:Linux", "5.0-11455" },
            { "Ver:5.0.11999", "5.0-11455" },
            { "Ver:5.0.12000 OS:Linux", "5.0-R2" },
            { "Ver:5.0.12500", "5.0-R2" },
            { "Ver:5.0.12999", "5.0-R2" },
            { "Ver:5.0.13000", "5.0-R3" },
            { "Ver:5.0.13003 OS:Linux", "5.0-R3" },
            { "Ver:6.0.100", "5.0-R3" },
            { "Ver:3.9.8423", std::nullopt },
            { "no version here", std::nullopt },
        };
        for (const auto& [output, profile] : samples) {
            EXPECT_EQ(profileOf(output), profile) << output;
        }
    }

    class FakeCprocsp : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            root = fs::temp_directory_path() / ("tb-cprocsp-" + std::to_string(::getpid()));
            fs::remove_all(root);
        }
        void TearDown() override { fs::remove_all(root); }

        void install(const std::string& arch, const std::string& script)
        {
            const auto dir = root / "sbin" / arch;
            fs::create_directories(dir);
            std::ofstream(dir / "cpconfig") << "#!/bin/sh\n" << script << "\n";
            fs::permissions(dir / "cpconfig", fs::perms::owner_all);
        }

        EnvironmentProbe probe(std::map<std::string, std::string> variables = {})
        {
            return { [variables](const std::string& name) -> std::optional<std::string> {
                        const auto it = variables.find(name);
                        return it == variables.end() ? std::nullopt : std::optional(it->second);
                    },
                root.string(), "linux" };
        }

        fs::path root;
    };

    TEST_F(FakeCprocsp, DetectsTheInstalledVersion)
    {
        install("amd64", R"(test "$1" = -ver || exit 2
echo "CryptoPro CSP 5.0 KC2 Release Ver:5.0.12000 OS:Linux CPU:AMD64 FastCode:READY:AVX.")");
        EXPECT_EQ(detectCspProfile(root.string()), "5.0-R2");
        const auto environment = detectEnvironment(probe());
        EXPECT_EQ(environment.csp, "5.0-R2");
        EXPECT_EQ(environment.cspSource, "detected");
        EXPECT_EQ(environment.platform, "linux");
    }

    TEST_F(FakeCprocsp, FindsAnotherArchDirectory)
    {
        install("e2k64", R"(echo "Ver:4.0.9963 OS:Linux" >&2)");
        EXPECT_EQ(detectCspProfile(root.string()), "4.0-R4");
    }

    TEST_F(FakeCprocsp, UnusableCpconfigFallsBackToTheDefault)
    {
        EXPECT_EQ(detectCspProfile(root.string()), std::nullopt); // not installed
        install("amd64", "echo 'license expired'");
        EXPECT_EQ(detectCspProfile(root.string()), std::nullopt);
        const auto environment = detectEnvironment(probe());
        EXPECT_EQ(environment.csp, "5.0-R3");
        EXPECT_EQ(environment.cspSource, "default");
    }

    TEST_F(FakeCprocsp, HungCpconfigIsKilled)
    {
        install("amd64", "sleep 30; echo Ver:5.0.12000");
        const auto started = std::chrono::steady_clock::now();
        EXPECT_EQ(detectCspProfile(root.string()), std::nullopt);
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    }

    TEST_F(FakeCprocsp, VariablesWin)
    {
        install("amd64", "echo Ver:5.0.12000");
        const auto environment = detectEnvironment(
            probe({ { "TOKENBRIDGE_CSP", "4.0-R4" }, { "TOKENBRIDGE_PLATFORM", "aurora" } }));
        EXPECT_EQ(environment.csp, "4.0-R4");
        EXPECT_EQ(environment.cspSource, "config");
        EXPECT_EQ(environment.platform, "aurora");
        // Empty means unset.
        EXPECT_EQ(detectEnvironment(probe({ { "TOKENBRIDGE_CSP", "" } })).cspSource, "detected");
    }

    TEST_F(FakeCprocsp, InvalidVariablesAreRejected)
    {
        try {
            detectEnvironment(probe({ { "TOKENBRIDGE_CSP", "5.0" } }));
            FAIL() << "accepted";
        } catch (const FatalError& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find("TOKENBRIDGE_CSP"), std::string::npos);
            EXPECT_NE(message.find("5.0-R3"), std::string::npos) << message;
        }
        EXPECT_THROW(detectEnvironment(probe({ { "TOKENBRIDGE_PLATFORM", "Linux" } })), FatalError);
    }

    TEST(Environment, SystemDefaults)
    {
        // This host has no CryptoPro CSP; with the variables unset the defaults apply.
        ::unsetenv("TOKENBRIDGE_CSP");
        ::unsetenv("TOKENBRIDGE_PLATFORM");
        if (fs::exists("/opt/cprocsp")) {
            GTEST_SKIP() << "CryptoPro CSP installed here";
        }
        const auto environment = detectEnvironment();
        EXPECT_EQ(environment.csp, "5.0-R3");
        EXPECT_EQ(environment.cspSource, "default");
        EXPECT_EQ(environment.platform, "linux");
        ::setenv("TOKENBRIDGE_CSP", "5.0-11455", 1);
        EXPECT_EQ(detectEnvironment().csp, "5.0-11455");
        ::unsetenv("TOKENBRIDGE_CSP");
    }

    TEST(ProcessRunner, CapturesOutputAndStatus)
    {
        const auto echo = runProcess(
            "/bin/sh", { "-c", "echo out; echo err >&2; exit 3" }, std::chrono::seconds(5));
        ASSERT_TRUE(echo);
        EXPECT_EQ(echo->exitStatus, 3);
        EXPECT_NE(echo->output.find("out"), std::string::npos);
        EXPECT_NE(echo->output.find("err"), std::string::npos);
        EXPECT_FALSE(runProcess("/nonexistent/cpconfig", {}, std::chrono::seconds(1)));
        const auto capped =
            runProcess("/bin/sh", { "-c", "yes | head -c 100000" }, std::chrono::seconds(5), 1000);
        ASSERT_TRUE(capped);
        EXPECT_EQ(capped->output.size(), 1000u);
    }

} // namespace
} // namespace tokenbridge::devices
