#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "crypto/CmsDecryptor.hpp"
#include "crypto/CmsEncryptor.hpp"
#include "modes/KeyService.hpp"

#include <string>
#include <vector>

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // The EnvelopedData (base64) must fit the browsers' 1 MiB reply: a larger document needs a
    // file-level tool, not a page call; so encrypt takes its data in one request.
    constexpr std::size_t MAX_DATA = 512 * 1024;
    constexpr std::size_t MAX_RECIPIENTS = 32;
    constexpr std::size_t MAX_RESPONSE_BASE64 = 1000 * 1000;

    [[noreturn]] void invalid(const std::string& message, const char* param)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message, { { "param", param } });
    }

    // PEM text or base64 DER, as `verify`'s trustedRoots.
    Bytes certificateParam(const nlohmann::json& value)
    {
        if (!value.is_string()) {
            invalid("recipients must be certificates (PEM or base64 DER)", "recipients");
        }
        const auto& text = value.get_ref<const std::string&>();
        if (text.find("-----BEGIN") != std::string::npos) {
            return { text.begin(), text.end() };
        }
        try {
            return fromBase64(text);
        } catch (const std::exception&) {
            invalid("a recipient is neither PEM nor base64", "recipients");
        }
    }

    // base64 DER, or the PEM `openssl cms -outform PEM` writes.
    Bytes cmsParam(const nlohmann::json& params)
    {
        const auto text = stringParam(params, "cms");
        const auto begin = text.find("-----BEGIN");
        if (begin == std::string::npos) {
            return base64Param(params, "cms");
        }
        const auto bodyStart = text.find('\n', begin);
        const auto bodyEnd = text.find("-----END", begin);
        if (bodyStart == std::string::npos || bodyEnd == std::string::npos || bodyEnd < bodyStart) {
            invalid("cms is not valid PEM", "cms");
        }
        std::string body;
        for (const char c : text.substr(bodyStart, bodyEnd - bodyStart)) {
            if (c != '\n' && c != '\r') {
                body.push_back(c);
            }
        }
        try {
            return fromBase64(body);
        } catch (const std::exception&) {
            invalid("cms is not valid PEM", "cms");
        }
    }

    protocol::CommandSpec encryptCommand()
    {
        return { "encrypt",
            { { "data", ParamType::String, true }, { "recipients", ParamType::Array, true },
                { "cipher", ParamType::String, false } },
            [](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto name = params.value("cipher", std::string("kuznyechik"));
                const auto cipher = crypto::gostCipherByName(name);
                if (!cipher) {
                    throw RequestError(ErrorCode::INVALID_PARAMS,
                        "cipher must be kuznyechik or magma",
                        { { "param", "cipher" }, { "value", name } });
                }
                const auto& list = params["recipients"];
                if (list.empty() || list.size() > MAX_RECIPIENTS) {
                    invalid("give 1 to 32 recipient certificates", "recipients");
                }
                std::vector<Bytes> recipients;
                for (const auto& item : list) {
                    recipients.push_back(certificateParam(item));
                }
                const auto data = base64Param(params, "data");
                if (data.size() > MAX_DATA) {
                    invalid("encrypt takes at most 512 KiB of data", "data");
                }
                return { { "cms", toBase64(crypto::cmsEncrypt(data, recipients, *cipher)) },
                    { "cipher", name } };
            } };
    }

    protocol::CommandSpec decryptCommand(modes::KeyService& keys)
    {
        return { "decrypt",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
                { "cms", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto cms = cmsParam(params);
                auto token = keys.open(
                    stringParam(params, "deviceId"), context.pin, context.containerPassword);
                const auto key = token.findKey(stringParam(params, "keyId"));
                // Everything that needs no private key first: a message for another key, or a
                // broken one, costs no PIN try.
                const crypto::CmsDecryptor decryptor(cms, certificateOf(key, "decrypting with it"));
                const auto agreement = token.keyAgreement(key);
                auto text = toBase64(decryptor.decrypt(*agreement));
                if (text.size() > MAX_RESPONSE_BASE64) {
                    throw RequestError(ErrorCode::MESSAGE_TOO_LARGE,
                        "the decrypted content would exceed the 1 MiB reply limit");
                }
                return { { "data", std::move(text) } };
            } };
    }

} // namespace

void addCryptCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(encryptCommand());
    table.add(decryptCommand(services.keys));
}

} // namespace tokenbridge::commands
