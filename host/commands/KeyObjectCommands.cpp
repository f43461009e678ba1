#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/CsrBuilder.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "devices/DeviceService.hpp"
#include "modes/KeyService.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // rawSign: the key's own digest size, so a digest made with another hash is refused before
    // the PIN is spent rather than signed as something it is not.
    Bytes digestFor(const modes::KeyEntry& key, const nlohmann::json& params)
    {
        const auto digest = binaryParam(params, "digest");
        const auto& hash = crypto::hashInfo(crypto::keyAlgorithmInfo(key.algorithm).digest);
        if (digest.size() != hash.size) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "digest must be a " + std::string(hash.name) + " digest ("
                    + std::to_string(hash.size) + " bytes) for this key",
                { { "param", "digest" }, { "expectedBytes", hash.size } });
        }
        return digest;
    }

    protocol::CommandSpec rawSignCommand(modes::KeyService& keys)
    {
        return { "rawSign",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
                { "digest", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                auto token = keys.open(
                    stringParam(params, "deviceId"), context.pin, context.containerPassword);
                const auto key = token.findKey(stringParam(params, "keyId"));
                const auto digest = digestFor(key, params);
                // The Signer's encoding is the X.509 one, which `openssl pkeyutl -verify` takes.
                const auto signature = token.signer(key)->signDigest(digest);
                const auto& info = crypto::keyAlgorithmInfo(key.algorithm);
                return { { "signature", toBase64(signature) },
                    { "algorithm", std::string(info.name) },
                    { "hashAlgorithm", std::string(crypto::hashInfo(info.digest).name) } };
            } };
    }

    protocol::CommandSpec getPublicKeyCommand(modes::KeyService& keys)
    {
        return { "getPublicKey",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto key = keys.open(stringParam(params, "deviceId"), context.pin,
                                         context.containerPassword)
                                     .findKey(stringParam(params, "keyId"));
                if (key.publicKeySpki.empty()) {
                    // Only a CryptoPro container without certificate: its header gives the
                    // public key only once opened with the PIN.
                    throw UserActionError(ErrorCode::PIN_REQUIRED,
                        "this container's public key is read only with the PIN (command line)");
                }
                return { { "keyId", key.keyId },
                    { "algorithm", std::string(crypto::keyAlgorithmInfo(key.algorithm).name) },
                    { "paramSet", key.paramSetOid }, { "publicKey", toBase64(key.publicKeySpki) },
                    { "pem", crypto::toPem(key.publicKeySpki, "PUBLIC KEY") } };
            } };
    }

    Bytes certificateParam(const nlohmann::json& params)
    {
        const auto text = stringParam(params, "certificate");
        const auto certificate = text.find("-----BEGIN") != std::string::npos
            ? Bytes(text.begin(), text.end())
            : base64Param(params, "certificate");
        return crypto::parseCertificate(certificate).spki;
    }

    std::vector<std::string> knownDevices(
        devices::DeviceService& devices, const nlohmann::json& params)
    {
        if (params.contains("deviceId")) {
            return { stringParam(params, "deviceId") };
        }
        std::vector<std::string> ids;
        for (const auto& device : devices.listDevices()) {
            if (device.identification.known) {
                ids.push_back(device.id);
            }
        }
        return ids;
    }

    protocol::CommandSpec getKeyByCertificateCommand(const Services& services)
    {
        return { "getKeyByCertificate",
            { { "deviceId", ParamType::String, false },
                { "certificate", ParamType::String, true } },
            [services](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto spki = certificateParam(params);
                const auto ids = knownDevices(services.devices, params);
                for (const auto& id : ids) {
                    std::vector<modes::KeyEntry> listed;
                    try {
                        listed = services.keys.open(id, context.pin, context.containerPassword)
                                     .listKeys();
                    } catch (const Error&) {
                        // A token pulled while searching all of them is not where the key is.
                        if (ids.size() == 1) {
                            throw;
                        }
                        continue;
                    }
                    for (const auto& key : listed) {
                        if (!key.publicKeySpki.empty()
                            && crypto::samePublicKey(key.publicKeySpki, spki)) {
                            return { { "deviceId", id }, { "keyId", key.keyId },
                                { "key", keyToJson(key, id) } };
                        }
                    }
                }
                throw RequestError(ErrorCode::KEY_NOT_FOUND,
                    "no key on the token(s) matches the certificate's public key");
            } };
    }

    // The Key object's label limit (generateKeyPair cuts; a rename says so instead).
    constexpr std::size_t MAX_LABEL = 64;

    std::string labelParam(const nlohmann::json& params)
    {
        auto label = stringParam(params, "label");
        if (label.size() > MAX_LABEL) {
            throw RequestError(ErrorCode::INVALID_PARAMS, "label is at most 64 bytes of UTF-8",
                { { "param", "label" } });
        }
        return label;
    }

    using SetLabel = modes::KeyEntry (modes::KeyRouter::*)(const std::string&, const std::string&);

    protocol::CommandSpec labelCommand(modes::KeyService& keys, const char* name, SetLabel set)
    {
        return { name,
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true },
                { "label", ParamType::String, true } },
            [&keys, set](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto label = labelParam(params);
                const auto id = stringParam(params, "deviceId");
                auto token = keys.open(id, context.pin, context.containerPassword);
                return { { "key",
                    keyToJson((token.*set)(stringParam(params, "keyId"), label), id) } };
            } };
    }

} // namespace

void addKeyObjectCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(rawSignCommand(services.keys));
    table.add(getPublicKeyCommand(services.keys));
    table.add(getKeyByCertificateCommand(services));
    table.add(labelCommand(services.keys, "setKeyLabel", &modes::KeyRouter::setKeyLabel));
    table.add(
        labelCommand(services.keys, "setCertificateLabel", &modes::KeyRouter::setCertificateLabel));
}

} // namespace tokenbridge::commands
