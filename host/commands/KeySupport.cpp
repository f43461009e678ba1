#include "KeySupport.hpp"

#include "crypto/Certificate.hpp"
#include "devices/DeviceService.hpp"
#include "DeviceKeyStore.hpp"
#include "core/Error.hpp"
#include "security/RateLimiter.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>

namespace tokenbridge::commands
{

namespace
{

    // One command at a time per device: the passive store holds the card per operation and the
    // PKCS#11 module opens its own connection, so the serialization lives here, not in PC/SC.
    std::mutex& deviceMutex(const std::string& deviceId)
    {
        static std::mutex guard;
        static std::map<std::string, std::unique_ptr<std::mutex>> mutexes;
        std::lock_guard lock(guard);
        auto& entry = mutexes[deviceId];
        if (!entry) {
            entry = std::make_unique<std::mutex>();
        }
        return *entry;
    }

} // namespace

void withKeyStore(devices::DeviceService& service, const protocol::CommandContext& context,
    const std::string& deviceId,
    const std::function<void(modes::KeyStore&, const devices::Device&)>& work,
    const std::string& requestedMode)
{
    withDeviceKeyStore(
        service, context, deviceId,
        [&](DeviceKeyStore& store, const devices::Device& device) { work(store, device); },
        requestedMode);
}

void withDeviceKeyStore(devices::DeviceService& service, const protocol::CommandContext& context,
    const std::string& deviceId,
    const std::function<void(DeviceKeyStore&, const devices::Device&)>& work,
    const std::string& requestedMode)
{
    const auto device = service.getDevice(deviceId);
    if (!device.identification.known) {
        throw RequestError(ErrorCode::MODE_NOT_SUPPORTED,
            "the card is not a known Rutoken; its file system is not ours to write",
            { { "deviceId", deviceId } });
    }
    // Wrong PINs from one page origin are limited (docs/protocol.md RATE_LIMITED); one limiter
    // per host process. The command line (no origin) is the local user and is not limited.
    static security::RateLimiter limiter;
    const auto& origin = context.request.origin;
    const bool limited = origin.has_value() && context.pin != nullptr;
    // The attempt holds one of the origin's slots until the verdict, so parallel requests of one
    // origin to several tokens cannot together spend more card tries than the limit. A success
    // does not forgive earlier failures: not every command that carries a PIN proves it right.
    std::optional<security::RateLimiter::Attempt> attempt;
    if (limited) {
        attempt.emplace(limiter.begin(*origin));
    }
    try {
        std::lock_guard serial(deviceMutex(deviceId));
        DeviceKeyStore store(service, device, context.pin,
            chooseKeyMode(
                device, requestedMode, [&] { return activeLocation(device).has_value(); }));
        work(store, device);
    } catch (const UserActionError& error) {
        if (attempt && error.code() == ErrorCode::PIN_INCORRECT) {
            attempt->failed();
        }
        throw;
    }
}

nlohmann::json keyToJson(const modes::KeyEntry& key, const std::string& deviceId)
{
    nlohmann::json json { { "deviceId", deviceId }, { "keyId", key.keyId }, { "mode", key.mode },
        { "extractable", key.extractable }, { "exportable", key.exportable },
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

nlohmann::json modeAdvice(const devices::Device& device, const std::string& keyMode)
{
    // Modes are ranked most secure first (Mode order); the key's mode against the best
    // the token offers with this CSP profile.
    const auto mode = parseMode(keyMode);
    if (!mode || device.modes.empty() || *mode <= device.modes.front()) {
        return nullptr;
    }
    const auto best = std::string(modeName(device.modes.front()));
    const std::string why = *mode == Mode::Passive
        ? "a passive key passes through the computer's memory when used"
        : "this key is used without the token's protected channel";
    // The mode a generateKeyPair request names to get a key in `best` (fkn-nfc is asked as fkn).
    const bool fknBest = device.modes.front() == Mode::Fkn || device.modes.front() == Mode::FknNfc;
    const std::string next = fknBest && !servesFkn(device)
        ? ". Generate a new key in the stronger mode once this host supports it."
        : ". Generate a new key with mode \"" + (fknBest ? std::string("fkn") : best) + "\".";
    return { { "strongerMode", best },
        { "message", "this token supports the " + best + " mode; " + why + next } };
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
