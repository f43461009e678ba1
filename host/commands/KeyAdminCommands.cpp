#include "KeyCommandSpecs.hpp"
#include "KeySupport.hpp"

#include "devices/DeviceService.hpp"
#include "modes/passive/PassiveKeyStore.hpp"
#include "protocol/Error.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

protocol::CommandSpec deleteKeyCommand(devices::DeviceService& service)
{
    return { "deleteKey",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
        protocol::OriginRule::Required,
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            withKeyStore(service, context, stringParam(context.params(), "deviceId"),
                [&](modes::KeyStore& store, const auto&) {
                    store.deleteKey(stringParam(context.params(), "keyId"));
                });
            return { { "deleted", true } };
        } };
}

// The private key leaves the token only to the local user's command line, never to a page.
protocol::CommandSpec exportKeyCommand(devices::DeviceService& service)
{
    return { "exportKey",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
        protocol::OriginRule::Optional,
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            if (context.channel != protocol::Channel::Cli) {
                throw RequestError(protocol::ErrorCode::NOT_EXPORTABLE,
                    "keys are exported only through the tokenbridge-host command line");
            }
            std::string pem;
            withKeyStore(service, context, stringParam(context.params(), "deviceId"),
                [&](modes::KeyStore& store, const auto&) {
                    auto* passive = dynamic_cast<modes::passive::PassiveKeyStore*>(&store);
                    if (passive == nullptr) {
                        throw RequestError(protocol::ErrorCode::NOT_EXPORTABLE,
                            "only passive keys can be exported");
                    }
                    const auto secret = passive->exportKey(stringParam(context.params(), "keyId"));
                    pem.assign(secret.view().begin(), secret.view().end());
                });
            return { { "privateKey", pem } };
        } };
}

} // namespace tokenbridge::commands
