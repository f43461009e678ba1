#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "crypto/GostParamSet.hpp"
#include "modes/KeyService.hpp"
#include "modes/StoreChoice.hpp"

namespace tokenbridge::commands
{

namespace
{

    modes::GenerateKeyRequest parseRequest(const nlohmann::json& params)
    {
        modes::GenerateKeyRequest request;
        const auto algorithmName = params.value("algorithm", std::string("gost2012_256"));
        const auto* info = crypto::findKeyAlgorithmByName(algorithmName);
        if (info == nullptr
            || (info->algorithm != crypto::KeyAlgorithm::Gost2012_256
                && info->algorithm != crypto::KeyAlgorithm::Gost2012_512)) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "algorithm must be gost2012_256 or gost2012_512",
                { { "param", "algorithm" }, { "value", algorithmName } });
        }
        request.algorithm = info->algorithm;
        const auto paramSet = params.value("paramSet", std::string("A"));
        if (const auto* byOid = crypto::findGostParamSetByOid(paramSet)) {
            if (byOid->algorithm != request.algorithm) {
                throw RequestError(ErrorCode::INVALID_PARAMS,
                    "paramSet does not belong to the algorithm", { { "param", "paramSet" } });
            }
            request.paramSet = std::string(byOid->engineName);
        } else {
            request.paramSet =
                std::string(crypto::findGostParamSet(request.algorithm, paramSet).engineName);
        }
        request.label = params.value("label", std::string());
        request.exportable = params.value("exportable", false);
        return request;
    }

    protocol::CommandSpec generateKeyPairCommand(modes::KeyService& keys)
    {
        return { "generateKeyPair",
            { { "deviceId", protocol::ParamType::String, true },
                { "algorithm", protocol::ParamType::String, false },
                { "paramSet", protocol::ParamType::String, false },
                { "label", protocol::ParamType::String, false },
                { "mode", protocol::ParamType::String, false },
                { "exportable", protocol::ParamType::Boolean, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto id = stringParam(params, "deviceId");
                const auto mode = params.value("mode", std::string("auto"));
                if (!modes::isModeRequest(mode)) {
                    throw RequestError(ErrorCode::INVALID_PARAMS,
                        "mode must be auto, passive, active or fkn",
                        { { "param", "mode" }, { "value", mode } });
                }
                const auto request = parseRequest(params);
                auto token = keys.open(id, context.pin, context.containerPassword);
                // Only a passive key can be exportable: "auto" with exportable means passive.
                const auto key = token.generateKey(
                    request, request.exportable && mode == "auto" ? "passive" : mode);
                nlohmann::json result = { { "key", keyToJson(key, id) },
                    { "mode", modeName(key.mode) },
                    { "extractable", extractableToJson(key.extractable) } };
                const auto advice = modeAdvice(token.device(), key);
                if (!advice.is_null()) {
                    result["warning"] = advice["message"];
                    result["advice"] = advice;
                }
                return result;
            } };
    }

} // namespace

void addKeyGenerationCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(generateKeyPairCommand(services.keys));
}

} // namespace tokenbridge::commands
