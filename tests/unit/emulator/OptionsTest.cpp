#include "Options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

Options parse(std::vector<std::string> args)
{
    args.insert(args.begin(), "vtoken");
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    return parseOptions(static_cast<int>(argv.size()), argv.data());
}

} // namespace

TEST(Options, Defaults)
{
    const Options o = parse({ "--model", "rutoken-lite", "--state", "/tmp/x" });
    EXPECT_EQ(o.model, "rutoken-lite");
    EXPECT_EQ(o.stateDir, "/tmp/x");
    EXPECT_EQ(o.port, 35963);
    EXPECT_EQ(o.host, "127.0.0.1");
    EXPECT_FALSE(o.nfc);
    EXPECT_FALSE(o.serial);
    EXPECT_EQ(o.apduDelayMs, 0u);
    EXPECT_EQ(o.maxRetries, 10);
}

TEST(Options, Everything)
{
    const Options o = parse({ "--model", "m", "--state", "s", "--port", "35970", "--connection",
        "nfc", "--serial", "0A1B2C3D", "--apdu-delay-ms", "250", "--max-retries", "3", "--log",
        "/tmp/l", "--host", "127.0.0.2" });
    EXPECT_EQ(o.port, 35970);
    EXPECT_TRUE(o.nfc);
    EXPECT_EQ(o.serial, 0x0A1B2C3Du);
    EXPECT_EQ(o.apduDelayMs, 250u);
    EXPECT_EQ(o.maxRetries, 3);
    EXPECT_EQ(o.logFile, "/tmp/l");
    EXPECT_EQ(o.host, "127.0.0.2");
}

TEST(Options, HideTokenInfo)
{
    EXPECT_FALSE(parse({ "--model", "m", "--state", "s" }).hideTokenInfo);
    EXPECT_TRUE(parse({ "--model", "m", "--state", "s", "--hide-token-info" }).hideTokenInfo);
    EXPECT_TRUE(parse({ "--help" }).help);
    EXPECT_TRUE(parse({ "-h" }).help);
}

TEST(Options, ListModelsNeedsNothingElse)
{
    EXPECT_TRUE(parse({ "--list-models" }).listModels);
}

TEST(Options, Rejects)
{
    const std::vector<std::vector<std::string>> bad = {
        { "--state", "s" },
        { "--model", "m" },
        { "--model", "m", "--state", "s", "--port", "70000" },
        { "--model", "m", "--state", "s", "--port", "12x" },
        { "--model", "m", "--state", "s", "--serial", "123" },
        { "--model", "m", "--state", "s", "--serial", "XYZXYZXY" },
        { "--model", "m", "--state", "s", "--connection", "usb" },
        { "--model", "m", "--state", "s", "--max-retries", "0" },
        { "--model", "m", "--state", "s", "--max-retries", "16" },
        { "--model", "m", "--state", "s", "--frobnicate" },
        { "--model", "m", "--state" },
    };
    for (const auto& args : bad) {
        EXPECT_THROW(parse(args), std::invalid_argument) << args.back();
    }
}

TEST(Options, ApduLog)
{
    EXPECT_EQ(parse({ "--model", "m", "--state", "s" }).apduLogFile, "");
    EXPECT_EQ(parse({ "--model", "m", "--state", "s", "--apdu-log", "/tmp/a.log" }).apduLogFile,
        "/tmp/a.log");
}

TEST(Options, FknCurveAndTestHooks)
{
    const Options none = parse({ "--model", "m", "--state", "s" });
    EXPECT_EQ(none.fknCurve, "");
    EXPECT_EQ(none.tamperSmResponse, 0u);
    EXPECT_EQ(none.apduRecordFile, "");
    const Options o = parse({ "--model", "m", "--state", "s", "--fkn-curve", "tc26-512-b",
        "--tamper-sm-response", "3", "--apdu-record", "/tmp/r.log" });
    EXPECT_EQ(o.fknCurve, "tc26-512-b");
    EXPECT_EQ(o.tamperSmResponse, 3u);
    EXPECT_EQ(o.apduRecordFile, "/tmp/r.log");
    EXPECT_THROW(parse({ "--model", "m", "--state", "s", "--tamper-sm-response", "x" }),
        std::invalid_argument);
}
