#include "KeyCommandSpecs.hpp"
#include "KeySupport.hpp"

#include "crypto/GostParamSet.hpp"
#include "devices/DeviceService.hpp"
#include "core/Error.hpp"

#include <array>

namespace tokenbridge::commands
{

namespace
{

    // Modes a request may name, and whether this host can create keys in them yet.
    struct RequestedMode
    {
        std::string_view name;
        bool implemented;
    };
    constexpr std::array<RequestedMode, 7> REQUESTED_MODES { {
        { "auto", true }, { "passive", true }, { "active", true }, { "active-pkcs11", true },
        { "active-crypt", true }, // served through PKCS#11 as well
        { "fkn", true }, // SESPAKE + the secure channel (docs/fkn.md "Host key store")
        { "fkn-nfc", true }, // the same over the contactless interface
    } };

    const RequestedMode& requestedMode(const std::string& name)
    {
        for (const auto& mode : REQUESTED_MODES) {
            if (mode.name == name) {
                return mode;
            }
        }
        throw RequestError(ErrorCode::INVALID_PARAMS, "mode must be auto, passive, active or fkn",
            { { "param", "mode" }, { "value", name } });
    }

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

} // namespace

protocol::CommandSpec generateKeyPairCommand(devices::DeviceService& service)
{
    return { "generateKeyPair",
        { { "deviceId", protocol::ParamType::String, true },
            { "algorithm", protocol::ParamType::String, false },
            { "paramSet", protocol::ParamType::String, false },
            { "label", protocol::ParamType::String, false },
            { "mode", protocol::ParamType::String, false },
            { "exportable", protocol::ParamType::Boolean, false } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            const auto& params = context.params();
            const auto id = stringParam(params, "deviceId");
            const auto& mode = requestedMode(params.value("mode", std::string("auto")));
            const auto request = parseRequest(params);
            if (!mode.implemented) {
                throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
                    "this host cannot create " + std::string(mode.name) + " keys",
                    { { "requested", mode.name },
                        { "available", { "fkn", "active", "passive" } } });
            }
            nlohmann::json result;
            withKeyStore(
                service, context, id,
                [&](modes::KeyStore& store, const devices::Device& device) {
                    const auto key = store.generateKey(request);
                    result = { { "key", keyToJson(key, id) }, { "mode", key.mode },
                        { "extractable", key.extractable } };
                    const auto advice = modeAdvice(device, key.mode);
                    if (!advice.is_null()) {
                        result["warning"] = advice["message"];
                        result["advice"] = advice;
                    }
                },
                // Only a passive key can be exportable: "auto" with exportable means passive.
                request.exportable && mode.name == "auto" ? std::string("passive")
                                                          : std::string(mode.name));
            return result;
        } };
}

} // namespace tokenbridge::commands
