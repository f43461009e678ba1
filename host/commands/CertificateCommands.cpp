#include "KeyCommandSpecs.hpp"
#include "KeySupport.hpp"

#include "crypto/CsrBuilder.hpp"
#include "devices/DeviceService.hpp"
#include "core/Error.hpp"

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

} // namespace

protocol::CommandSpec createCsrCommand(devices::DeviceService& service)
{
    return { "createCsr",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
            { "subject", ParamType::Object, true }, { "keyUsage", ParamType::Array, false },
            { "extendedKeyUsage", ParamType::Array, false },
            { "subjectSignTool", ParamType::String, false },
            { "certificatePolicies", ParamType::Array, false } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            const auto& params = context.params();
            const auto request = parseCsrRequest(params);
            Bytes csr;
            withKeyStore(service, context, stringParam(params, "deviceId"),
                [&](modes::KeyStore& store, const auto&) {
                    const auto signer = store.signer(stringParam(params, "keyId"));
                    csr = crypto::buildCsr(*signer, request);
                });
            return { { "csr", crypto::toPem(csr, "CERTIFICATE REQUEST") },
                { "csrDer", toBase64(csr) } };
        } };
}

protocol::CommandSpec importCertificateCommand(devices::DeviceService& service)
{
    return { "importCertificate",
        { { "deviceId", ParamType::String, true }, { "certificate", ParamType::String, true } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            const auto& params = context.params();
            const auto text = stringParam(params, "certificate");
            // PEM as it is, else base64 DER.
            const auto certificate = text.find("-----BEGIN") != std::string::npos
                ? Bytes(text.begin(), text.end())
                : base64Param(params, "certificate");
            const auto id = stringParam(params, "deviceId");
            nlohmann::json result;
            withKeyStore(service, context, id, [&](modes::KeyStore& store, const auto&) {
                result = { { "key", keyToJson(store.importCertificate(certificate), id) } };
            });
            return result;
        } };
}

protocol::CommandSpec deleteCertificateCommand(devices::DeviceService& service)
{
    return { "deleteCertificate",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            withKeyStore(service, context, stringParam(context.params(), "deviceId"),
                [&](modes::KeyStore& store, const auto&) {
                    store.deleteCertificate(stringParam(context.params(), "keyId"));
                });
            return { { "deleted", true } };
        } };
}

} // namespace tokenbridge::commands
