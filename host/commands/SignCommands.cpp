#include "Commands.hpp"
#include "KeyJson.hpp"
#include "LongTermParams.hpp"
#include "SignStreams.hpp"

#include "cades/LongTermReport.hpp"

#include "core/Error.hpp"
#include "crypto/CmsBuilder.hpp"
#include "crypto/CmsVerifier.hpp"
#include "modes/KeyService.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // An attached CMS carries the document; its base64 must fit the browser's 1 MiB reply limit.
    constexpr std::size_t MAX_ATTACHED = 512 * 1024;
    // One `data` chunk of a stream (base64 text), well under the browsers' request limits; the
    // host's peak memory grows with it (about 30 MiB at 1 MiB chunks, 65 MiB at 3 MiB).
    constexpr std::size_t MAX_CHUNK_BASE64 = 2 * 1024 * 1024;
    constexpr std::size_t MAX_RESPONSE_BASE64 = 1000 * 1000;
    constexpr std::string_view SIGNING = "signing";

    [[noreturn]] void invalid(const std::string& message, const char* param)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message, { { "param", param } });
    }

    nlohmann::json cmsResult(const Bytes& cms)
    {
        auto text = toBase64(cms);
        if (text.size() > MAX_RESPONSE_BASE64) {
            throw RequestError(ErrorCode::MESSAGE_TOO_LARGE,
                "the signature would exceed the 1 MiB reply limit; sign detached");
        }
        return { { "cms", std::move(text) } };
    }

    // One of data / hash / stream, exactly.
    int payloadKinds(const nlohmann::json& params)
    {
        return static_cast<int>(params.contains("data")) + static_cast<int>(params.contains("hash"))
            + static_cast<int>(params.contains("stream"));
    }

    // -T / -X Long Type 1: the signer's path and revocation status before the PIN is used, the
    // attributes after the signature; any failure returns no signature at all.
    struct LongTerm
    {
        std::optional<cades::LongTermOptions> options;
        std::optional<cades::PreparedSigner> prepared;

        void prepare(ByteView certificate)
        {
            if (options) {
                prepared = cades::prepareSigner(certificate, *options);
            }
        }
        // Only the new signer is raised: a co-signed message keeps its other signers as they are.
        Bytes raise(Bytes cms)
        {
            if (!options) {
                return cms;
            }
            std::vector<cades::PreparedSigner> signers;
            signers.push_back(std::move(*prepared));
            return cades::raiseSignature(cms, *options, signers, false);
        }
    };

    Bytes signNow(modes::KeyRouter& token, const nlohmann::json& params, LongTerm& longTerm)
    {
        const auto key = token.findKey(stringParam(params, "keyId"));
        const auto& certificate = certificateOf(key, SIGNING);
        longTerm.prepare(certificate);
        const bool detached = params.value("detached", true);
        crypto::CmsSignOptions options;
        options.detached = detached;
        const bool coSign = params.contains("cms");
        const auto existing = coSign ? base64Param(params, "cms") : Bytes {};
        if (params.contains("data")) {
            const auto data = base64Param(params, "data");
            if (!detached && data.size() > MAX_ATTACHED) {
                invalid(
                    "attached signatures are limited to 512 KiB of data; sign detached", "data");
            }
            const auto signer = token.signer(key);
            if (coSign) {
                crypto::CmsDetachedContent content;
                if (detached) {
                    content.data = ByteView(data);
                }
                return longTerm.raise(
                    crypto::cmsCoSign(*signer, certificate, existing, content, options));
            }
            return longTerm.raise(crypto::cmsSignData(*signer, certificate, data, options));
        }
        const auto digest = binaryParam(params, "hash");
        const auto algorithm = crypto::cmsDigestAlgorithm(key.algorithm);
        if (digest.size() != crypto::hashInfo(algorithm).size) {
            invalid("hash must be a " + std::string(crypto::hashInfo(algorithm).name)
                    + " digest for this key",
                "hash");
        }
        const auto signer = token.signer(key);
        if (coSign) {
            return longTerm.raise(crypto::cmsCoSign(
                *signer, certificate, existing, { std::nullopt, digest }, options));
        }
        return longTerm.raise(crypto::cmsSignDigest(*signer, certificate, digest, options));
    }

    std::vector<protocol::ParamSpec> withLongTerm(std::vector<protocol::ParamSpec> schema)
    {
        addLongTermParams(schema);
        return schema;
    }

    protocol::CommandSpec signCommand(
        modes::KeyService& keys, SignStreams& streams, const net::HostConfig& config)
    {
        return { "sign",
            withLongTerm({ { "deviceId", ParamType::String, true },
                { "keyId", ParamType::String, true }, { "data", ParamType::String, false },
                { "hash", ParamType::String, false }, { "stream", ParamType::String, false },
                { "detached", ParamType::Boolean, false }, { "cms", ParamType::String, false } }),
            [&keys, &streams, &config](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                if (payloadKinds(params) != 1) {
                    invalid("give exactly one of data, hash or stream", "data");
                }
                const auto deviceId = stringParam(params, "deviceId");
                if (params.contains("stream")) {
                    if (params.contains("signatureType")) {
                        invalid("a stream's signatureType is given to signFinish", "signatureType");
                    }
                    if (params["stream"] != "start") {
                        invalid("stream must be \"start\"", "stream");
                    }
                    if (!params.value("detached", true) || params.contains("cms")) {
                        invalid(
                            "a streamed document is signed detached, without co-signing", "stream");
                    }
                    const auto key = keys.open(deviceId, context.pin, context.containerPassword)
                                         .findKey(stringParam(params, "keyId"));
                    certificateOf(key, SIGNING);
                    const auto algorithm = crypto::cmsDigestAlgorithm(key.algorithm);
                    return { { "streamId", streams.start(deviceId, key.keyId, algorithm) },
                        { "hashAlgorithm", crypto::hashInfo(algorithm).name },
                        { "maxChunkBase64", MAX_CHUNK_BASE64 } };
                }
                LongTerm longTerm { longTermOptions(context, config), std::nullopt };
                auto token = keys.open(deviceId, context.pin, context.containerPassword);
                return cmsResult(signNow(token, params, longTerm));
            } };
    }

    protocol::CommandSpec signAppendCommand(SignStreams& streams)
    {
        return { "signAppend",
            { { "streamId", ParamType::String, true }, { "offset", ParamType::Integer, true },
                { "data", ParamType::String, true } },
            [&streams](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                if (params["data"].get_ref<const std::string&>().size() > MAX_CHUNK_BASE64) {
                    invalid("a chunk is at most 2 MiB of base64", "data");
                }
                const auto offset = params["offset"].get<std::int64_t>();
                if (offset < 0) {
                    invalid("offset must not be negative", "offset");
                }
                const auto chunk = base64Param(params, "data");
                return { { "received",
                    streams.append(stringParam(params, "streamId"),
                        static_cast<std::uint64_t>(offset), chunk) } };
            } };
    }

    protocol::CommandSpec signFinishCommand(
        modes::KeyService& keys, SignStreams& streams, const net::HostConfig& config)
    {
        return { "signFinish", withLongTerm({ { "streamId", ParamType::String, true } }),
            [&keys, &streams, &config](const protocol::CommandContext& context) -> nlohmann::json {
                const auto id = stringParam(context.params(), "streamId");
                LongTerm longTerm { longTermOptions(context, config), std::nullopt };
                const auto target = streams.target(id);
                auto token = keys.open(target.deviceId, context.pin, context.containerPassword);
                const auto key = token.findKey(target.keyId);
                longTerm.prepare(certificateOf(key, SIGNING));
                // The PIN is checked before the stream is consumed: after PIN_REQUIRED or
                // PIN_INCORRECT the caller resends signFinish for the same stream.
                const auto signer = token.signer(key);
                const auto stream = streams.finish(id);
                const auto digest = stream->hasher.finish();
                auto result = cmsResult(longTerm.raise(
                    crypto::cmsSignDigest(*signer, certificateOf(key, SIGNING), digest)));
                result["size"] = stream->bytes;
                return result;
            } };
    }

    protocol::CommandSpec verifyCommand()
    {
        return { "verify",
            { { "cms", ParamType::String, true }, { "data", ParamType::String, false },
                { "hash", ParamType::String, false }, { "trustedRoots", ParamType::Array, false } },
            [](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                const auto cms = base64Param(params, "cms");
                std::optional<Bytes> data;
                crypto::CmsVerifyOptions options;
                if (params.contains("data")) {
                    data = base64Param(params, "data");
                    options.detachedContent = ByteView(*data);
                }
                if (params.contains("hash")) {
                    options.detachedDigest = binaryParam(params, "hash");
                }
                for (const auto& root : params.value("trustedRoots", nlohmann::json::array())) {
                    const auto text = root.get<std::string>();
                    options.trustedRoots.push_back(text.find("-----BEGIN") != std::string::npos
                            ? Bytes(text.begin(), text.end())
                            : fromBase64(text));
                }
                const auto verified = crypto::verifyCms(cms, options);
                auto result = verified.toJson();
                // Time-stamps, revocation evidence, completeness: merged into each signer.
                const auto longTerm = cades::describeLongTerm(cms, options.trustedRoots);
                for (std::size_t i = 0; i < longTerm.size() && i < result["signers"].size(); ++i) {
                    result["signers"][i].update(longTerm[i]);
                }
                result["valid"] = verified.allValid();
                return result;
            } };
    }

    // The digest a signature will carry as its messageDigest, without the PIN: the extension
    // shows it in the confirmation window (docs/protocol-keys.md, `digest`).
    protocol::CommandSpec digestCommand(SignStreams& streams)
    {
        return { "digest",
            { { "data", ParamType::String, false }, { "hashAlgorithm", ParamType::String, false },
                { "streamId", ParamType::String, false } },
            [&streams](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                if (params.contains("data") == params.contains("streamId")) {
                    invalid("give exactly one of data or streamId", "data");
                }
                if (params.contains("streamId")) {
                    if (params.contains("hashAlgorithm")) {
                        invalid("a stream has its key's hash algorithm", "hashAlgorithm");
                    }
                    const auto digest = streams.digest(stringParam(params, "streamId"));
                    return { { "hash", toBase64(digest.hash) },
                        { "hashAlgorithm", crypto::hashInfo(digest.algorithm).name },
                        { "size", digest.bytes } };
                }
                const auto name = params.value("hashAlgorithm", std::string());
                for (const auto algorithm :
                    { crypto::HashAlgorithm::Streebog256, crypto::HashAlgorithm::Streebog512 }) {
                    if (crypto::hashInfo(algorithm).name == name) {
                        const auto data = base64Param(params, "data");
                        return { { "hash", toBase64(crypto::hash(algorithm, data)) },
                            { "hashAlgorithm", name }, { "size", data.size() } };
                    }
                }
                throw RequestError(ErrorCode::INVALID_PARAMS,
                    "hashAlgorithm must be streebog256 or streebog512",
                    { { "param", "hashAlgorithm" }, { "value", name } });
            } };
    }

} // namespace

void addSignCommands(protocol::CommandTable& table, const Services& services)
{
    static const net::HostConfig NOTHING_LISTED;
    const auto& config = services.hostConfig != nullptr ? *services.hostConfig : NOTHING_LISTED;
    table.add(signCommand(services.keys, services.streams, config));
    table.add(signAppendCommand(services.streams));
    table.add(signFinishCommand(services.keys, services.streams, config));
    table.add(digestCommand(services.streams));
    table.add(verifyCommand());
}

} // namespace tokenbridge::commands
