#include "LongTermParams.hpp"

#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "net/HttpClient.hpp"
#include "net/NetworkGuard.hpp"

#include <regex>

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    [[noreturn]] void invalid(const std::string& message, const char* param)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message, { { "param", param } });
    }

    std::string optionalString(const nlohmann::json& params, const char* name)
    {
        return params.contains(name) ? stringParam(params, name) : std::string();
    }

    Bytes certificateParam(const nlohmann::json& entry)
    {
        if (!entry.is_string()) {
            invalid("certificates are PEM texts or base64 DER strings", "certificates");
        }
        const auto& text = entry.get_ref<const std::string&>();
        return text.find("-----BEGIN") != std::string::npos ? Bytes(text.begin(), text.end())
                                                            : fromBase64(text);
    }

    // A page's URL: the guard's PageUrl rule over native messaging, any http(s) URL on the
    // command line.
    void admitPageUrl(const std::string& url, const char* param, const net::HostConfig& config,
        net::GuardRule rule)
    {
        try {
            (void)net::guardUrl(url, config, rule);
        } catch (const net::NetworkRefused& error) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                std::string(param) + " is refused: " + error.what(),
                { { "param", param }, { "reason", "network-guard" } });
        }
    }

    // Every request of the operation: guarded again (the certificate's own URLs too), connected
    // to the address that was checked.
    cades::Fetch guardedFetch(const net::HostConfig& config, net::GuardRule rule)
    {
        return
            [&config, rule](const std::string& url, std::string_view contentType, ByteView body) {
                net::GuardedUrl target;
                try {
                    target = net::guardUrl(url, config, rule);
                } catch (const net::NetworkRefused& error) {
                    throw net::HttpError(net::HttpError::Kind::BadUrl, url + ": " + error.what());
                }
                return contentType.empty()
                    ? net::httpGet(url, {}, target.route).body
                    : net::httpPost(url, contentType, body, {}, target.route).body;
            };
    }

} // namespace

void addLongTermParams(std::vector<protocol::ParamSpec>& schema)
{
    for (const char* name : { "signatureType", "tsaUrl", "tsaPolicy", "ocspUrl" }) {
        schema.push_back({ name, ParamType::String, false });
    }
    schema.push_back({ "certificates", ParamType::Array, false });
}

std::optional<cades::LongTermOptions> longTermOptions(
    const protocol::CommandContext& context, const net::HostConfig& config)
{
    const auto& params = context.params();
    const auto typeName = params.value("signatureType", std::string("cades-bes"));
    const auto type = cades::parseSignatureType(typeName);
    if (!type) {
        invalid("signatureType must be cades-bes, cades-t or cades-x-long-type-1", "signatureType");
    }
    if (*type == cades::SignatureType::Bes) {
        for (const char* name : { "tsaUrl", "tsaPolicy", "ocspUrl", "certificates" }) {
            if (params.contains(name)) {
                invalid(std::string(name) + " is for cades-t and cades-x-long-type-1", name);
            }
        }
        return std::nullopt;
    }
    cades::LongTermOptions options;
    options.type = *type;
    options.tsaUrl = optionalString(params, "tsaUrl");
    options.tsaPolicy = optionalString(params, "tsaPolicy");
    options.ocspUrl = optionalString(params, "ocspUrl");
    if (options.tsaUrl.empty()) {
        invalid("tsaUrl is required for " + typeName, "tsaUrl");
    }
    static const std::regex OID("[0-2](\\.(0|[1-9][0-9]{0,9})){1,30}");
    if (!options.tsaPolicy.empty() && !std::regex_match(options.tsaPolicy, OID)) {
        invalid("tsaPolicy must be a dotted OID", "tsaPolicy");
    }
    for (const auto& entry : params.value("certificates", nlohmann::json::array())) {
        options.certificates.push_back(certificateParam(entry));
    }
    const bool page = context.channel == protocol::Channel::NativeMessaging;
    admitPageUrl(
        options.tsaUrl, "tsaUrl", config, page ? net::GuardRule::PageUrl : net::GuardRule::Open);
    if (!options.ocspUrl.empty()) {
        admitPageUrl(options.ocspUrl, "ocspUrl", config,
            page ? net::GuardRule::PageUrl : net::GuardRule::Open);
    }
    options.fetch =
        guardedFetch(config, page ? net::GuardRule::CertificateUrl : net::GuardRule::Open);
    return options;
}

} // namespace tokenbridge::commands
