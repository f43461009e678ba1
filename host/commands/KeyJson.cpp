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

    struct SourceName
    {
        modes::ExtractableSource source;
        const char* name; // null: the Key object's "extractableFrom" is null
    };
    constexpr SourceName SOURCE_NAMES[] = {
        { modes::ExtractableSource::None, nullptr },
        { modes::ExtractableSource::PassiveMode, "passive-mode" },
        { modes::ExtractableSource::Pkcs11Attributes, "pkcs11-attributes" },
        { modes::ExtractableSource::FknObjectList, "fkn-object-list" },
        { modes::ExtractableSource::FknSession, "fkn-session" },
    };

    struct ContainerName
    {
        modes::ContainerFormat format;
        const char* name; // null: the Key object's "container" is null (not a passive key)
    };
    constexpr ContainerName CONTAINER_NAMES[] = {
        { modes::ContainerFormat::None, nullptr },
        { modes::ContainerFormat::Tokenbridge, "tokenbridge" },
        { modes::ContainerFormat::CryptoPro, "cryptopro" },
    };

    nlohmann::json optionalBool(const std::optional<bool>& value)
    {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    }

    // Why a key of an on-token store is weaker than the token allows; the first that applies.
    struct Leak
    {
        bool (*applies)(const modes::KeyEntry&);
        const char* why;
    };
    constexpr Leak LEAKS[] = {
        { [](const modes::KeyEntry& key) {
             return key.pkcs11Attributes && key.pkcs11Attributes->extractable == true;
         },
            "the token lets this key be exported (CKA_EXTRACTABLE true)" },
        { [](const modes::KeyEntry& key) {
             return key.pkcs11Attributes && key.pkcs11Attributes->sensitive == false;
         },
            "the token lets this key's value be read (CKA_SENSITIVE false)" },
        { [](const modes::KeyEntry& key) { return key.extractable == modes::Extractable::Yes; },
            "the token reports this key as extractable" },
        { [](const modes::KeyEntry& key) {
             return key.pkcs11Attributes
                 && (key.pkcs11Attributes->neverExtractable == false
                     || key.pkcs11Attributes->alwaysSensitive == false);
         },
            "this key could leave the token before (CKA_NEVER_EXTRACTABLE or "
            "CKA_ALWAYS_SENSITIVE false), so copies of it may exist" },
    };

    // A passive key is extractable by design: its mode says it. For keys the token keeps, the
    // token's own attributes say whether this one can leave (or could, once).
    const char* leakOf(const modes::KeyEntry& key)
    {
        if (key.mode == Mode::Passive) {
            return nullptr;
        }
        const auto* leak =
            std::ranges::find_if(LEAKS, [&](const Leak& l) { return l.applies(key); });
        return leak == std::end(LEAKS) ? nullptr : leak->why;
    }

} // namespace

nlohmann::json extractableToJson(modes::Extractable extractable)
{
    return extractable == modes::Extractable::Unknown
        ? nlohmann::json(nullptr)
        : nlohmann::json(extractable == modes::Extractable::Yes);
}

nlohmann::json keyToJson(const modes::KeyEntry& key, const std::string& deviceId)
{
    const auto* source = std::ranges::find(SOURCE_NAMES, key.extractableFrom, &SourceName::source);
    const auto* container =
        std::ranges::find(CONTAINER_NAMES, key.container, &ContainerName::format);
    nlohmann::json json { { "deviceId", deviceId }, { "keyId", key.keyId },
        { "mode", modeName(key.mode) }, { "extractable", extractableToJson(key.extractable) },
        { "extractableFrom", source->name ? nlohmann::json(source->name) : nullptr },
        { "pkcs11Attributes", nullptr }, { "exportable", key.exportable },
        { "container", container->name ? nlohmann::json(container->name) : nullptr },
        { "algorithm", crypto::keyAlgorithmInfo(key.algorithm).name },
        { "paramSet", key.paramSetOid }, { "label", key.label },
        { "created", static_cast<std::int64_t>(key.created) },
        // Empty: a CryptoPro key listed without its certificate and without the PIN.
        { "publicKey",
            key.publicKeySpki.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(toBase64(key.publicKeySpki)) },
        { "hasCertificate", key.certificate.has_value() } };
    if (const auto& attributes = key.pkcs11Attributes) {
        json["pkcs11Attributes"] = { { "extractable", optionalBool(attributes->extractable) },
            { "sensitive", optionalBool(attributes->sensitive) },
            { "neverExtractable", optionalBool(attributes->neverExtractable) },
            { "alwaysSensitive", optionalBool(attributes->alwaysSensitive) } };
    }
    if (key.certificate) {
        json["certificate"] = crypto::parseCertificate(*key.certificate).toJson();
        json["certificateLabel"] = key.certificateLabel;
    }
    return json;
}

nlohmann::json modeAdvice(const devices::Device& device, const modes::KeyEntry& key)
{
    // Modes are ranked most secure first (the Mode order); the key's mode against the best the
    // token offers with this CSP profile, and a key the token lets out against one it keeps.
    if (device.modes.empty()) {
        return nullptr;
    }
    // A leak matters where the token offers a mode that keeps keys inside it.
    const char* leak = isExtractable(device.modes.front()) ? nullptr : leakOf(key);
    if (key.mode <= device.modes.front() && leak == nullptr) {
        return nullptr;
    }
    const auto best = std::string(modeName(device.modes.front()));
    const std::string why = leak != nullptr ? leak
        : key.mode == Mode::Passive ? "a passive key passes through the computer's memory when used"
                                    : "this key is used without the token's protected channel";
    // The mode a generateKeyPair request names to get a key in `best` (fkn-nfc is asked as fkn);
    // the host generates every on-token key non-extractable.
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

const Bytes& certificateOf(const modes::KeyEntry& key, std::string_view action)
{
    if (!key.certificate) {
        throw RequestError(ErrorCode::CERTIFICATE_NOT_FOUND,
            "the key has no certificate yet; import one before " + std::string(action),
            { { "keyId", key.keyId } });
    }
    return *key.certificate;
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
