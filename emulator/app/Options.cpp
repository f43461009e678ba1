#include "Options.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace tokenbridge::vtoken
{

namespace
{

    unsigned long number(const std::string& text, int base, unsigned long max, const char* what)
    {
        size_t used = 0;
        unsigned long value = 0;
        try {
            value = std::stoul(text, &used, base);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || text.empty() || value > max) {
            throw std::invalid_argument(std::string("bad value for ") + what + ": " + text);
        }
        return value;
    }

    struct ValueOption
    {
        std::string_view name;
        std::function<void(Options&, const std::string&)> apply;
    };

    const ValueOption VALUE_OPTIONS[] = {
        { "--model", [](Options& o, const std::string& v) { o.model = v; } },
        { "--state", [](Options& o, const std::string& v) { o.stateDir = v; } },
        { "--host", [](Options& o, const std::string& v) { o.host = v; } },
        { "--port",
            [](Options& o, const std::string& v) {
                o.port = static_cast<uint16_t>(number(v, 10, 65535, "--port"));
            } },
        { "--connection",
            [](Options& o, const std::string& v) {
                if (v != "contact" && v != "nfc") {
                    throw std::invalid_argument("--connection must be contact or nfc");
                }
                o.nfc = v == "nfc";
            } },
        { "--serial",
            [](Options& o, const std::string& v) {
                if (v.size() != 8) {
                    throw std::invalid_argument("--serial takes 8 hex digits");
                }
                o.serial = static_cast<uint32_t>(number(v, 16, 0xFFFFFFFFul, "--serial"));
            } },
        { "--apdu-delay-ms",
            [](Options& o, const std::string& v) {
                o.apduDelayMs = static_cast<unsigned>(number(v, 10, 600000, "--apdu-delay-ms"));
            } },
        { "--max-retries",
            [](Options& o, const std::string& v) {
                o.maxRetries = static_cast<uint8_t>(number(v, 10, 15, "--max-retries"));
                if (o.maxRetries == 0) {
                    throw std::invalid_argument("--max-retries must be 1..15");
                }
            } },
        { "--log", [](Options& o, const std::string& v) { o.logFile = v; } },
        { "--apdu-log", [](Options& o, const std::string& v) { o.apduLogFile = v; } },
        { "--fkn-curve", [](Options& o, const std::string& v) { o.fknCurve = v; } },
        { "--tamper-sm-response",
            [](Options& o, const std::string& v) {
                o.tamperSmResponse =
                    static_cast<unsigned>(number(v, 10, 1000000, "--tamper-sm-response"));
            } },
        { "--apdu-record", [](Options& o, const std::string& v) { o.apduRecordFile = v; } },
        { "--pull-after-apdus",
            [](Options& o, const std::string& v) {
                o.pullAfterApdus =
                    static_cast<unsigned>(number(v, 10, 1000000, "--pull-after-apdus"));
            } },
        { "--fault-file", [](Options& o, const std::string& v) { o.faultFile = v; } },
        { "--crash-during-write",
            [](Options& o, const std::string& v) {
                o.crashDuringWrite =
                    static_cast<unsigned>(number(v, 10, 1000000, "--crash-during-write"));
            } },
    };

    struct FlagOption
    {
        std::string_view name;
        bool Options::*flag;
    };

    constexpr FlagOption FLAG_OPTIONS[] = {
        { "--list-models", &Options::listModels },
        { "--help", &Options::help },
        { "-h", &Options::help },
        { "--hide-token-info", &Options::hideTokenInfo },
    };

} // namespace

const char* usage()
{
    return "usage: vtoken --model MODEL --state DIR [--port PORT] [--host 127.0.0.1]\n"
           "              [--connection contact|nfc] [--serial HEX8] [--apdu-delay-ms N]\n"
           "              [--max-retries N] [--log FILE] [--apdu-log FILE]\n"
           "              [--fkn-curve NAME] [--tamper-sm-response N] [--apdu-record FILE]\n"
           "              [--hide-token-info]\n"
           "              [--pull-after-apdus N] [--fault-file FILE]\n"
           "              [--crash-during-write N]   (test faults, see docs/vtoken.md)\n"
           "       vtoken --list-models\n"
           "Signals: SIGUSR1 removes the card, SIGUSR2 inserts it, SIGTERM/SIGINT exit.\n";
}

Options parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto flag = std::ranges::find(FLAG_OPTIONS, arg, &FlagOption::name);
        if (flag != std::end(FLAG_OPTIONS)) {
            options.*(flag->flag) = true;
            continue;
        }
        bool known = false;
        for (const auto& option : VALUE_OPTIONS) {
            if (option.name == arg) {
                if (i + 1 >= argc) {
                    throw std::invalid_argument(std::string(arg) + " needs a value");
                }
                option.apply(options, argv[++i]);
                known = true;
                break;
            }
        }
        if (!known) {
            throw std::invalid_argument("unknown argument: " + std::string(arg));
        }
    }
    if (!options.listModels && !options.help
        && (options.model.empty() || options.stateDir.empty())) {
        throw std::invalid_argument("--model and --state are required");
    }
    return options;
}

} // namespace tokenbridge::vtoken
