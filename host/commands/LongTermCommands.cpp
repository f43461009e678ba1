#include "Commands.hpp"
#include "KeyJson.hpp"
#include "LongTermParams.hpp"

#include "core/Error.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    constexpr std::size_t MAX_RESPONSE_BASE64 = 1000 * 1000;

    // No token, no PIN: raises an existing CAdES-BES or -T (every signer) to -T or -X Long
    // Type 1 (docs/protocol-keys.md `enhance`).
    protocol::CommandSpec enhanceCommand(const net::HostConfig& config)
    {
        std::vector<protocol::ParamSpec> schema { { "cms", ParamType::String, true } };
        addLongTermParams(schema);
        return { "enhance", schema,
            [&config](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                if (!params.contains("signatureType") || params["signatureType"] == "cades-bes") {
                    throw RequestError(ErrorCode::INVALID_PARAMS,
                        "signatureType must be cades-t or cades-x-long-type-1",
                        { { "param", "signatureType" } });
                }
                const auto options = longTermOptions(context, config);
                const auto cms = base64Param(params, "cms");
                auto text = toBase64(cades::raiseSignature(cms, *options));
                if (text.size() > MAX_RESPONSE_BASE64) {
                    throw RequestError(ErrorCode::MESSAGE_TOO_LARGE,
                        "the signature would exceed the 1 MiB reply limit");
                }
                return { { "cms", std::move(text) } };
            } };
    }

} // namespace

void addLongTermCommands(protocol::CommandTable& table, const Services& services)
{
    static const net::HostConfig NOTHING_LISTED;
    table.add(
        enhanceCommand(services.hostConfig != nullptr ? *services.hostConfig : NOTHING_LISTED));
}

} // namespace tokenbridge::commands
