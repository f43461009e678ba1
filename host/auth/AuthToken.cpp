#include "AuthToken.hpp"

#include "AuthAlgorithm.hpp"

#include "core/Error.hpp"

#include <array>

namespace tokenbridge::auth
{

namespace
{

    // The token is flat: {"authToken": {...}} is the deepest form. Checked before parsing, so no
    // input can make the parser recurse deeply.
    constexpr int MAX_DEPTH = 2;

    struct Field
    {
        std::string_view name;
        std::string AuthToken::*text; // null: base64 into `bytes`
        Bytes AuthToken::*bytes;
    };

    const std::array<Field, 5> FIELDS { {
        { "format", &AuthToken::format, nullptr },
        { "unverifiedCertificate", nullptr, &AuthToken::unverifiedCertificate },
        { "algorithm", &AuthToken::algorithm, nullptr },
        { "signature", nullptr, &AuthToken::signature },
        { "appVersion", &AuthToken::appVersion, nullptr },
    } };

    [[noreturn]] void refuse(const std::string& message)
    {
        throw TokenFormatError(message);
    }

    void checkDepth(std::string_view text)
    {
        int depth = 0;
        bool inString = false;
        bool escaped = false;
        for (const char c : text) {
            if (inString) {
                inString = escaped || c != '"';
                escaped = !escaped && c == '\\';
                continue;
            }
            inString = c == '"';
            depth += (c == '{' || c == '[') ? 1 : (c == '}' || c == ']') ? -1 : 0;
            if (depth > MAX_DEPTH) {
                refuse("the token is nested deeper than {\"authToken\": {...}}");
            }
        }
    }

    const nlohmann::json& unwrap(const nlohmann::json& document)
    {
        if (!document.is_object()) {
            refuse("the token is not a JSON object");
        }
        if (document.size() == 1 && document.contains("authToken")) {
            return document["authToken"];
        }
        return document;
    }

} // namespace

nlohmann::json AuthToken::toJson() const
{
    return { { "format", format }, { "unverifiedCertificate", toBase64(unverifiedCertificate) },
        { "algorithm", algorithm }, { "signature", toBase64(signature) },
        { "appVersion", appVersion } };
}

AuthToken parseAuthToken(std::string_view text)
{
    if (text.size() > MAX_TOKEN_TEXT) {
        refuse("the token exceeds 64 KiB");
    }
    checkDepth(text);
    const auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        refuse("the token is not JSON");
    }
    const auto& object = unwrap(document);
    if (!object.is_object() || object.size() != FIELDS.size()) {
        refuse("a token has exactly the fields format, unverifiedCertificate, algorithm, "
               "signature and appVersion");
    }
    AuthToken token;
    for (const auto& field : FIELDS) {
        const auto it = object.find(std::string(field.name));
        if (it == object.end() || !it->is_string()) {
            refuse("the token's " + std::string(field.name) + " is missing or not a string");
        }
        const auto& value = it->get_ref<const std::string&>();
        if (field.text != nullptr) {
            token.*field.text = value;
            continue;
        }
        try {
            token.*field.bytes = fromBase64(value);
        } catch (const RequestError&) {
            refuse("the token's " + std::string(field.name) + " is not base64");
        }
        if ((token.*field.bytes).empty()) {
            refuse("the token's " + std::string(field.name) + " is empty");
        }
    }
    if (token.format != TOKEN_FORMAT) {
        refuse("unknown token format (this verifier knows tokenbridge-auth:1)");
    }
    if (findAuthAlgorithm(token.algorithm) == nullptr) {
        refuse("unknown token algorithm");
    }
    return token;
}

} // namespace tokenbridge::auth
