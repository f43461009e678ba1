#include "BuildInfo.hpp"
#include "Commands.hpp"
#include "KeyJson.hpp"

#include "auth/AuthAlgorithm.hpp"
#include "auth/AuthKeyUsage.hpp"
#include "auth/AuthToken.hpp"
#include "auth/ChallengeNonce.hpp"
#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "modes/KeyService.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // Before the key is used: a certificate that does not permit a login costs no PIN try.
    void requireLoginUsage(const modes::KeyEntry& key, const Bytes& certificate)
    {
        const auto usage = auth::authUsage(crypto::loadX509(certificate).get());
        if (usage != auth::AuthUsage::Allowed) {
            throw RequestError(ErrorCode::KEY_USAGE_NOT_ALLOWED, std::string(auth::describe(usage)),
                { { "keyId", key.keyId } });
        }
    }

    protocol::CommandSpec authenticateCommand(modes::KeyService& keys)
    {
        return { "authenticate",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
                { "challengeNonce", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto nonce = stringParam(params, "challengeNonce");
                auth::checkChallengeNonce(nonce);
                // The rule "origin: everywhere" made the dispatcher refuse a request without one.
                const auto& origin = context.request.origin.value();
                auto token = keys.open(
                    stringParam(params, "deviceId"), context.pin, context.containerPassword);
                const auto key = token.findKey(stringParam(params, "keyId"));
                const auto& certificate = certificateOf(key, "logging in with it");
                requireLoginUsage(key, certificate);
                const auto& algorithm = auth::authAlgorithmOf(key.algorithm);
                const auto digest = auth::authDigest(algorithm, origin, nonce);
                const auto signer = token.signer(key);
                auth::AuthToken result { std::string(auth::TOKEN_FORMAT), certificate,
                    std::string(algorithm.name),
                    auth::toTokenSignature(key.algorithm, signer->signDigest(digest)),
                    HOST_VERSION };
                return { { "authToken", result.toJson() } };
            } };
    }

} // namespace

void addAuthCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(authenticateCommand(services.keys));
}

} // namespace tokenbridge::commands
