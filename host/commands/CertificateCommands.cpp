#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "crypto/CsrBuilder.hpp"
#include "modes/KeyService.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    std::vector<std::string> stringList(const nlohmann::json& params, const char* name)
    {
        if (!params.contains(name)) {
            return {};
        }
        try {
            return params[name].get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception&) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                std::string(name) + " must be an array of strings", { { "param", name } });
        }
    }

    crypto::CsrRequest parseCsrRequest(const nlohmann::json& params)
    {
        if (!params.contains("subject")) {
            throw RequestError(
                ErrorCode::INVALID_PARAMS, "subject is required", { { "param", "subject" } });
        }
        auto request = crypto::defaultQualifiedCsrRequest(params["subject"]);
        if (params.contains("keyUsage")) {
            request.keyUsage = stringList(params, "keyUsage");
        }
        if (params.contains("extendedKeyUsage")) {
            request.extendedKeyUsage = stringList(params, "extendedKeyUsage");
        }
        if (params.contains("subjectSignTool")) {
            request.subjectSignTool = stringParam(params, "subjectSignTool");
        }
        request.certificatePolicies = stringList(params, "certificatePolicies");
        return request;
    }

    protocol::CommandSpec createCsrCommand(modes::KeyService& keys)
    {
        return { "createCsr",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
                { "subject", ParamType::Object, true }, { "keyUsage", ParamType::Array, false },
                { "extendedKeyUsage", ParamType::Array, false },
                { "subjectSignTool", ParamType::String, false },
                { "certificatePolicies", ParamType::Array, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto request = parseCsrRequest(params);
                auto token = keys.open(
                    stringParam(params, "deviceId"), context.pin, context.containerPassword);
                const auto signer = token.signer(token.findKey(stringParam(params, "keyId")));
                const auto csr = crypto::buildCsr(*signer, request);
                return { { "csr", crypto::toPem(csr, "CERTIFICATE REQUEST") },
                    { "csrDer", toBase64(csr) } };
            } };
    }

    protocol::CommandSpec importCertificateCommand(modes::KeyService& keys)
    {
        return { "importCertificate",
            { { "deviceId", ParamType::String, true }, { "certificate", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto text = stringParam(params, "certificate");
                // PEM as it is, else base64 DER.
                const auto certificate = text.find("-----BEGIN") != std::string::npos
                    ? Bytes(text.begin(), text.end())
                    : base64Param(params, "certificate");
                const auto id = stringParam(params, "deviceId");
                const auto key = keys.open(id, context.pin, context.containerPassword)
                                     .importCertificate(certificate);
                return { { "key", keyToJson(key, id) } };
            } };
    }

    protocol::CommandSpec deleteCertificateCommand(modes::KeyService& keys)
    {
        return { "deleteCertificate",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                keys.open(stringParam(context.params(), "deviceId"), context.pin,
                        context.containerPassword)
                    .deleteCertificate(stringParam(context.params(), "keyId"));
                return { { "deleted", true } };
            } };
    }

} // namespace

void addCertificateCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(createCsrCommand(services.keys));
    table.add(importCertificateCommand(services.keys));
    table.add(deleteCertificateCommand(services.keys));
}

} // namespace tokenbridge::commands
