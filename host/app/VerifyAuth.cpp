#include "VerifyAuth.hpp"

#include "BoundedRead.hpp"
#include "Cli.hpp"

#include "auth/AuthToken.hpp"
#include "auth/AuthTokenVerifier.hpp"
#include "auth/VerifyTime.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::app
{

namespace
{

    // A root or intermediate certificate file: far below this.
    constexpr std::size_t MAX_CERTIFICATE_FILE = 1024 * 1024;

    [[noreturn]] void usageError(const std::string& message)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message);
    }

    struct Option
    {
        std::string_view name;
        bool repeatable;
        bool takesValue = true;
    };

    constexpr std::array<Option, 7> OPTIONS { {
        { "--origin", false },
        { "--nonce", false },
        { "--token", false },
        { "--trusted-root", true },
        { "--intermediate", true },
        { "--at", false },
        { "--ocsp", false, false },
    } };

    using Values = std::map<std::string_view, std::vector<std::string>>;

    Values parse(std::span<char* const> args)
    {
        Values values;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string_view name = args[i];
            const auto* option = std::find_if(OPTIONS.begin(), OPTIONS.end(),
                [&](const Option& candidate) { return candidate.name == name; });
            if (option == OPTIONS.end()) {
                usageError("verify-auth: unknown argument \"" + std::string(name) + "\"");
            }
            if (option->takesValue && i + 1 >= args.size()) {
                usageError("verify-auth: missing value for " + std::string(name));
            }
            auto& list = values[option->name];
            if (!option->repeatable && !list.empty()) {
                usageError("verify-auth: " + std::string(name) + " given twice");
            }
            list.emplace_back(option->takesValue ? args[++i] : "");
        }
        for (const auto* required : { "--origin", "--nonce", "--token" }) {
            if (!values.contains(required)) {
                usageError("verify-auth needs --origin, --nonce and --token");
            }
        }
        return values;
    }

    // The file's bytes, at most `limit`; "-" is standard input.
    std::string readInput(const std::string& path, std::size_t limit)
    {
        std::ifstream file;
        if (path != "-") {
            file.open(path, std::ios::binary);
            if (!file) {
                usageError("verify-auth: cannot read " + path);
            }
        }
        std::istream& in = path == "-" ? std::cin : file;
        auto text = readAtMost(in, limit);
        if (!text) {
            usageError("verify-auth: " + path + " is too large");
        }
        if (in.bad()) {
            usageError("verify-auth: cannot read " + path);
        }
        return std::move(*text);
    }

    std::vector<Bytes> certificates(const Values& values, std::string_view option)
    {
        std::vector<Bytes> list;
        const auto it = values.find(option);
        if (it != values.end()) {
            for (const auto& path : it->second) {
                const auto text = readInput(path, MAX_CERTIFICATE_FILE);
                list.emplace_back(text.begin(), text.end());
            }
        }
        return list;
    }

} // namespace

int verifyAuthCommand(std::span<char* const> args)
{
    const auto values = parse(args);
    auth::AuthVerifyOptions options;
    options.trustedRoots = certificates(values, "--trusted-root");
    options.intermediates = certificates(values, "--intermediate");
    if (values.contains("--at")) {
        options.at = auth::parseUtcTime(values.at("--at").front());
        if (!options.at) {
            usageError("verify-auth: --at takes a UTC time such as 2026-12-05T10:00:00Z");
        }
    }
    options.ocsp = values.contains("--ocsp");
    // One byte over the parser's limit, so an oversized token is the parser's "format".
    const auto token = readInput(values.at("--token").front(), auth::MAX_TOKEN_TEXT + 1);
    const auto result = auth::verifyAuthToken(
        token, values.at("--origin").front(), values.at("--nonce").front(), options);
    std::cout << result.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
    return result.valid ? EXIT_OK : EXIT_FAILED;
}

} // namespace tokenbridge::app
