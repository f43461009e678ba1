#include "KeyCommandSpecs.hpp"
#include "DeviceKeyStore.hpp"
#include "KeySupport.hpp"

#include "devices/DeviceService.hpp"
#include "modes/passive/PassiveKeyStore.hpp"
#include "core/Error.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

protocol::CommandSpec deleteKeyCommand(devices::DeviceService& service)
{
    return { "deleteKey",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
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
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            if (context.channel != protocol::Channel::Cli) {
                throw RequestError(ErrorCode::NOT_EXPORTABLE,
                    "keys are exported only through the tokenbridge-host command line");
            }
            std::string pem;
            withKeyStore(service, context, stringParam(context.params(), "deviceId"),
                [&](modes::KeyStore& store, const auto&) {
                    // Only passive keys can be exported; an active key is not in the passive store
                    // (KEY_NOT_FOUND there) and never leaves its token.
                    const auto keyId = stringParam(context.params(), "keyId");
                    if (!store.findKey(keyId).extractable) {
                        throw RequestError(
                            ErrorCode::NOT_EXPORTABLE, "only passive keys can be exported");
                    }
                    auto& keys = dynamic_cast<DeviceKeyStore&>(store);
                    keys.withPassive([&](modes::passive::PassiveKeyStore& passive) {
                        const auto secret = passive.exportKey(keyId);
                        pem.assign(secret.view().begin(), secret.view().end());
                    });
                });
            return { { "privateKey", pem } };
        } };
}

} // namespace tokenbridge::commands
