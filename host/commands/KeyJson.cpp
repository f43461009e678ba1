#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "modes/StoreChoice.hpp"

#include <algorithm>
#include <cctype>

namespace tokenbridge::commands
{

namespace
{

    constexpr const char* CONFIRMED_IN_SESSION = "token-attribute-in-fkn-session";
    constexpr const char* HOW_TO_CONFIRM =
        "call getKeyInfo with the PIN: the host then opens an FKN session (SESPAKE, the PIN is "
        "not sent) and reads the key's attributes from the token through the secure channel; "
        "the answer is MAC'd with that session's keys, so only the token can give it";

} // namespace

nlohmann::json keyToJson(const modes::KeyEntry& key, const std::string& deviceId)
{
    nlohmann::json json { { "deviceId", deviceId }, { "keyId", key.keyId },
        { "mode", modeName(key.mode) }, { "extractable", key.extractable },
        { "exportable", key.exportable },
        { "algorithm", crypto::keyAlgorithmInfo(key.algorithm).name },
        { "paramSet", key.paramSetOid }, { "label", key.label },
        { "created", static_cast<std::int64_t>(key.created) },
        { "publicKey", toBase64(key.publicKeySpki) },
        { "hasCertificate", key.certificate.has_value() } };
    if (key.certificate) {
        json["certificate"] = crypto::parseCertificate(*key.certificate).toJson();
    }
    return json;
}

nlohmann::json modeAdvice(const devices::Device& device, Mode keyMode)
{
    // Modes are ranked most secure first (the Mode order); the key's mode against the best the
    // token offers with this CSP profile.
    if (device.modes.empty() || keyMode <= device.modes.front()) {
        return nullptr;
    }
    const auto best = std::string(modeName(device.modes.front()));
    const std::string why = keyMode == Mode::Passive
        ? "a passive key passes through the computer's memory when used"
        : "this key is used without the token's protected channel";
    // The mode a generateKeyPair request names to get a key in `best` (fkn-nfc is asked as fkn).
    const bool fknBest = isFkn(device.modes.front());
    const std::string next = fknBest && !modes::servesFkn(device)
        ? ". Generate a new key in the stronger mode once this host supports it."
        : ". Generate a new key with mode \"" + (fknBest ? std::string("fkn") : best) + "\".";
    return { { "strongerMode", best },
        { "message", "this token supports the " + best + " mode; " + why + next } };
}

nlohmann::json fknConfirmation(const std::optional<modes::fkn::KeyAttributes>& attributes)
{
    if (!attributes) {
        return { { "confirmedBy", nullptr }, { "howToConfirm", HOW_TO_CONFIRM } };
    }
    const bool confirmed = attributes->fkn && !attributes->extractable;
    return { { "confirmedBy", confirmed ? nlohmann::json(CONFIRMED_IN_SESSION) : nullptr },
        { "tokenAttributes",
            { { "fkn", attributes->fkn }, { "extractable", attributes->extractable } } } };
}

std::string stringParam(const nlohmann::json& params, const char* name)
{
    if (!params.contains(name) || !params[name].is_string()
        || params[name].get<std::string>().empty()) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            std::string("parameter '") + name + "' must be a non-empty string",
            { { "param", name } });
    }
    return params[name].get<std::string>();
}

Bytes base64Param(const nlohmann::json& params, const char* name)
{
    const auto text = stringParam(params, name);
    try {
        return fromBase64(text);
    } catch (const std::exception&) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            std::string("parameter '") + name + "' is not base64", { { "param", name } });
    }
}

Bytes binaryParam(const nlohmann::json& params, const char* name)
{
    const auto text = stringParam(params, name);
    const bool hex = text.size() % 2 == 0
        && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
    if (hex) {
        return fromHex(text);
    }
    return base64Param(params, name);
}

} // namespace tokenbridge::commands
