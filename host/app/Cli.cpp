#include "Cli.hpp"

#include "BoundedRead.hpp"
#include "Host.hpp"
#include "VerifyAuth.hpp"

#include "devices/Compatibility.hpp"
#include "devices/DeviceService.hpp"
#include "protocol/Dispatcher.hpp"
#include "protocol/FrameDecoder.hpp"
#include "core/Error.hpp"
#include "protocol/Response.hpp"
#include "security/PinBuffer.hpp"

#include <array>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::app
{

namespace
{

    using Args = std::span<char* const>;

    // A request read from standard input: bounded like one native message.
    constexpr std::size_t MAX_STDIN_REQUEST = protocol::DEFAULT_MAX_REQUEST_SIZE;

    constexpr std::string_view USAGE = R"(Usage: tokenbridge-host [COMMAND]

Native messaging host of tokenbridge, and its command line.

Commands:
  devices                      print the detected tokens as JSON
  compat --model M [--csp V] [--platform P] [--connection contact|nfc]
                               look a model up in the compatibility matrix
                               (csp and platform default to this host's environment)
  call [--pin-file F] [--new-pin-file F] [--container-password-file F] ('JSON' | -)
                               run one protocol request, print its response; "-" reads
                               the request from standard input (up to 8 MiB); the
                               password is a CryptoPro container's (importContainer,
                               and keys of such containers left with one on the token);
                               --new-pin-file: the PIN that changePin and
                               unblockUserPin set (--pin-file: the PIN that allows it)
  verify-auth --origin O --nonce N --token FILE [--trusted-root PEM]...
              [--intermediate PEM]... [--at 2026-12-05T10:00:00Z] [--ocsp]
                               check a web login token (FILE "-": standard input) for a
                               portal: prints {"valid", "subject", "issuer", "serial",
                               "notAfter", "reason"?}; exit 0 valid, 1 not valid;
                               --ocsp asks the issuer's OCSP responder
                               (docs/authentication.md)
  version                      print the host and protocol versions
  --native                     native messaging on stdin/stdout (what browsers start)
  --help                       this text

A browser starts the host with its caller's origin (chrome-extension://ID/), or with the path of
the host manifest and the extension id (Firefox): that is native messaging mode too.
Logs go to stderr; TOKENBRIDGE_LOG=error|warn|info|debug sets the level (default warn).
Exit status: 0 success, 1 the command failed, 2 bad arguments or unknown values.
See docs/protocol.md.
)";

    void printJson(const nlohmann::json& value)
    {
        std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }

    // The error of a response (or of the exception being handled) as the CLI prints it.
    int printError(const nlohmann::json& response)
    {
        printJson({ { "error", response.at("error") } });
        const auto code = response["error"].value("code", "");
        const bool usage =
            code == "BAD_REQUEST" || code == "INVALID_PARAMS" || code == "UNKNOWN_COMMAND";
        return usage ? EXIT_USAGE : EXIT_FAILED;
    }

    int printCurrentError()
    {
        return printError(protocol::Dispatcher::errorResponse(nullptr, std::current_exception()));
    }

    [[noreturn]] void usageError(const std::string& message)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message);
    }

    // "--name value" pairs; every name must be one of `allowed`.
    std::map<std::string, std::string> parseOptions(
        Args args, std::vector<std::string_view> allowed)
    {
        std::map<std::string, std::string> options;
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string_view name = args[i];
            if (!name.starts_with("--")
                || std::find(allowed.begin(), allowed.end(), name.substr(2)) == allowed.end()) {
                usageError("unknown argument \"" + std::string(name) + "\"");
            }
            if (i + 1 >= args.size()) {
                usageError("missing value for " + std::string(name));
            }
            options[std::string(name.substr(2))] = args[++i];
        }
        return options;
    }

    // Runs one request through the same dispatcher native messaging uses.
    nlohmann::json dispatch(const nlohmann::json& request, const security::PinBuffer* pin = nullptr)
    {
        Host host;
        return host.dispatcher.dispatch(request, { protocol::Channel::Cli, pin });
    }

    int printResult(const nlohmann::json& response, const char* field = nullptr)
    {
        if (response.contains("error")) {
            return printError(response);
        }
        printJson(field ? response["result"][field] : response["result"]);
        return EXIT_OK;
    }

    int devicesCommand(Args args)
    {
        if (!args.empty()) {
            usageError("devices takes no arguments");
        }
        return printResult(dispatch({ { "id", 1 }, { "command", "listDevices" } }), "devices");
    }

    int versionCommand(Args args)
    {
        if (!args.empty()) {
            usageError("version takes no arguments");
        }
        return printResult(dispatch({ { "id", 1 }, { "command", "version" } }));
    }

    int compatCommand(Args args)
    {
        auto options = parseOptions(args, { "model", "csp", "platform", "connection" });
        if (!options.contains("model")) {
            usageError("compat needs --model");
        }
        const auto environment = devices::detectEnvironment();
        devices::CompatQuery query;
        query.model = options["model"];
        query.csp = options.contains("csp") ? options["csp"] : environment.csp;
        query.platform = options.contains("platform") ? options["platform"] : environment.platform;
        if (options.contains("connection")) {
            const auto connection = devices::parseConnection(options["connection"]);
            if (!connection) {
                usageError("unknown connection \"" + options["connection"] + "\" (contact or nfc)");
            }
            query.connection = *connection;
        }
        printJson(devices::compatToJson(query, devices::lookupCompatibility(query)));
        return EXIT_OK;
    }

    // The request of `call -`: standard input, bounded like one native message.
    std::string readRequest(std::string_view argument)
    {
        if (argument != "-") {
            return std::string(argument);
        }
        auto text = readAtMost(std::cin, MAX_STDIN_REQUEST);
        if (!text) {
            usageError("the request on standard input exceeds 8 MiB");
        }
        return std::move(*text);
    }

    int callCommand(Args args)
    {
        // Each secret file once, in any order, before the request.
        std::map<std::string_view, std::optional<std::string>> files { { "--pin-file", {} },
            { "--new-pin-file", {} }, { "--container-password-file", {} } };
        while (args.size() >= 2 && files.contains(args[0])) {
            auto& file = files[args[0]];
            if (file) {
                usageError(std::string(args[0]) + " given twice");
            }
            file = args[1];
            args = args.subspan(2);
        }
        if (args.size() != 1) {
            usageError("call takes [--pin-file FILE] [--new-pin-file FILE] "
                       "[--container-password-file FILE] and one request JSON (or - to read it "
                       "from standard input)");
        }
        const auto& pinFile = files["--pin-file"];
        const auto& passwordFile = files["--container-password-file"];
        security::PinBuffer pin;
        if (pinFile) {
            security::readPinFile(pinFile->c_str(), pin);
        }
        const auto& newPinFile = files["--new-pin-file"];
        security::PinBuffer newPin;
        if (newPinFile) {
            security::readPinFile(newPinFile->c_str(), newPin);
        }
        security::PinBuffer password;
        if (passwordFile) {
            security::readContainerPasswordFile(passwordFile->c_str(), password);
        }
        const auto request = readRequest(args[0]);
        Host host;
        const auto response = host.dispatcher.dispatchText(request,
            { protocol::Channel::Cli, pinFile ? &pin : nullptr, passwordFile ? &password : nullptr,
                newPinFile ? &newPin : nullptr });
        printJson(response);
        return response.contains("error") ? EXIT_FAILED : EXIT_OK;
    }

    int helpCommand(Args)
    {
        std::cout << USAGE;
        return EXIT_OK;
    }

    struct Subcommand
    {
        std::string_view name;
        int (*run)(Args);
    };

    constexpr std::array<Subcommand, 7> SUBCOMMANDS { {
        { "devices", devicesCommand },
        { "verify-auth", verifyAuthCommand },
        { "compat", compatCommand },
        { "call", callCommand },
        { "version", versionCommand },
        { "--help", helpCommand },
        { "-h", helpCommand },
    } };

    // Chrome passes the caller's origin; Firefox passes the manifest path and the extension id.
    bool startedByBrowser(Args args)
    {
        if (args.empty()) {
            return false;
        }
        const std::string_view first = args[0];
        return first.starts_with("chrome-extension://")
            || (first.ends_with(".json") && args.size() >= 2);
    }

} // namespace

int run(int argc, char** argv)
{
    const Args args(argv + 1, static_cast<size_t>(argc > 0 ? argc - 1 : 0));
    if (startedByBrowser(args) || (!args.empty() && std::string_view(args[0]) == "--native")) {
        return runNativeMessaging();
    }
    if (args.empty()) {
        std::cerr << USAGE;
        return EXIT_USAGE;
    }
    for (const auto& subcommand : SUBCOMMANDS) {
        if (subcommand.name == args[0]) {
            try {
                return subcommand.run(args.subspan(1));
            } catch (...) {
                return printCurrentError();
            }
        }
    }
    std::cerr << "tokenbridge-host: unknown command \"" << args[0] << "\"\n\n" << USAGE;
    return EXIT_USAGE;
}

} // namespace tokenbridge::app
