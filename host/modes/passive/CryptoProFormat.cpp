#include "CryptoProFormat.hpp"

#include "core/Error.hpp"
#include "crypto/Der.hpp"
#include "crypto/Gost28147.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <functional>

namespace tokenbridge::modes::passive::cryptopro
{

namespace der = crypto::der;
namespace tag = crypto::der::tag;

namespace
{
    constexpr std::size_t MAC_SIZE = 4;
    constexpr std::size_t FP_SIZE = 8;
    constexpr std::size_t SALT_SIZE = 12;

    struct KeyOid
    {
        std::string_view oid;
        crypto::KeyAlgorithm algorithm;
    };
    // The agreement (exchange) and signature OIDs of GOST R 34.10-2012 keys.
    constexpr KeyOid KEY_OIDS[] = {
        { "1.2.643.7.1.1.6.1", crypto::KeyAlgorithm::Gost2012_256 },
        { "1.2.643.7.1.1.1.1", crypto::KeyAlgorithm::Gost2012_256 },
        { "1.2.643.7.1.1.6.2", crypto::KeyAlgorithm::Gost2012_512 },
        { "1.2.643.7.1.1.1.2", crypto::KeyAlgorithm::Gost2012_512 },
    };

    // The only file-level failure we report is a damaged container, whatever the DER reader
    // called it.
    template <typename Parse> auto strictly(std::string_view file, Parse parse)
    {
        try {
            return parse();
        } catch (const RequestError& error) {
            if (error.code() == ErrorCode::CONTAINER_CORRUPTED) {
                throw;
            }
            corrupted(std::string(file) + ": " + error.what());
        }
    }

    der::Element single(ByteView file, std::uint8_t expected)
    {
        const auto element = der::parseSingle(file);
        if (element.tag != expected) {
            corrupted("unexpected tag");
        }
        return element;
    }

    template <std::size_t N> std::array<std::uint8_t, N> fixed(ByteView content, const char* what)
    {
        if (content.size() != N) {
            corrupted(std::string(what) + " has the wrong length");
        }
        std::array<std::uint8_t, N> out {};
        std::copy(content.begin(), content.end(), out.begin());
        return out;
    }

    void expectEnd(const der::Reader& reader)
    {
        if (!reader.atEnd()) {
            corrupted("trailing data");
        }
    }

    // GostPrivateKeyParameters ::= SEQ { attributes BIT STRING,
    //   [0] IMPLICIT SEQ { key OID, SEQ { curve OID, digest OID } } }
    void parseKeyParameters(ByteView content, Header& header)
    {
        der::Reader reader(content);
        const auto attributes = reader.expect(tag::BIT_STRING).content;
        if (attributes.empty() || attributes[0] > 7) {
            corrupted("key attributes");
        }
        // pkaExportable is bit 0: the most significant bit of the first content octet.
        header.exportable = attributes.size() > 1 && (attributes[1] & 0x80) != 0;
        der::Reader algorithm(reader.expect(tag::contextConstructed(0)).content);
        header.keyOid = der::oidToString(algorithm.expect(tag::OID).content);
        der::Reader parameters(algorithm.expect(tag::SEQUENCE).content);
        header.curveOid = der::oidToString(parameters.expect(tag::OID).content);
        header.digestOid = der::oidToString(parameters.expect(tag::OID).content);
        expectEnd(parameters);
        expectEnd(algorithm);
        expectEnd(reader);
    }

    // Outside `strictly`: a well-formed container whose key this host cannot use is a request
    // it cannot serve (INVALID_PARAMS), not a damaged one.
    void resolveKey(Header& header)
    {
        const auto* key = std::find_if(std::begin(KEY_OIDS), std::end(KEY_OIDS),
            [&](const KeyOid& entry) { return entry.oid == header.keyOid; });
        if (key == std::end(KEY_OIDS)) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "the container's key is not GOST R 34.10-2012 (" + header.keyOid + ")");
        }
        header.paramSet = crypto::findGostParamSetByOid(header.curveOid);
        if (header.paramSet == nullptr || header.paramSet->algorithm != key->algorithm) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "the container's curve is not supported (" + header.curveOid + ")");
        }
    }

    // The optional fields of keyContainerContent after primaryPrivateKeyParameters, in their
    // order (li0ard/ckey schemas.py GostKeyContainerContent); each may appear once. `offset` is
    // the value's offset in header.key.
    struct OptionalField
    {
        std::uint8_t tag;
        std::function<void(ByteView, std::size_t offset, Header&)> read;
    };
    void certificate(ByteView v, std::size_t, Header& h)
    {
        h.certificates.emplace_back(v.begin(), v.end());
    }

    const std::vector<OptionalField>& optionalFields()
    {
        static const std::vector<OptionalField> fields = {
            { tag::contextPrimitive(2),
                [](ByteView v, std::size_t offset, Header& h) {
                    h.passwordMac = fixed<MAC_SIZE>(v, "hmacPassword");
                    h.passwordMacOffset = offset;
                } },
            { tag::contextConstructed(3), nullptr }, // secondaryEncryptedPrivateKey
            { tag::contextConstructed(4),
                [](ByteView, std::size_t, Header& h) { h.secondaryKey = true; } },
            { tag::contextPrimitive(5), certificate }, { tag::contextPrimitive(6), certificate },
            { tag::contextPrimitive(7), nullptr }, // encryptionContainerName
            { tag::contextConstructed(8), nullptr }, // primaryCertificateLink
            { tag::contextConstructed(9), nullptr }, // secondaryCertificateLink
        };
        return fields;
    }
    const std::vector<OptionalField>& trailingFields()
    {
        static const std::vector<OptionalField> fields = {
            { tag::contextPrimitive(11), nullptr }, // secondaryFP
            { tag::OID, nullptr }, // passwordPolicy
            { tag::INTEGER, nullptr }, // containerSecurityLevel
            { tag::contextConstructed(12), nullptr }, // extensions
            { tag::contextPrimitive(13), nullptr }, // secondaryEncryptionContainerName
        };
        return fields;
    }

    void readOptional(der::Reader& reader, const std::vector<OptionalField>& fields, ByteView file,
        Header& header)
    {
        for (const auto& field : fields) {
            der::Element element;
            if (!reader.atEnd() && reader.nextIf(field.tag, element) && field.read) {
                const auto offset = static_cast<std::size_t>(element.content.data() - file.data());
                field.read(element.content, offset, header);
            }
        }
    }

    void parseContent(ByteView content, ByteView file, Header& header)
    {
        der::Reader reader(content);
        der::Element element;
        if (reader.nextIf(tag::contextConstructed(0), element)) { // containerAlgoritmIdentifier
            der::Reader inner(element.content);
            inner.expect(tag::OID);
            expectEnd(inner);
        }
        reader.nextIf(tag::IA5_STRING, element); // containerName
        reader.expect(tag::BIT_STRING); // the container's attributes
        parseKeyParameters(reader.expect(tag::SEQUENCE).content, header);
        readOptional(reader, optionalFields(), file, header);
        header.primaryFp =
            fixed<FP_SIZE>(reader.expect(tag::contextPrimitive(10)).content, "primaryFP");
        readOptional(reader, trailingFields(), file, header);
        expectEnd(reader);
    }

    std::size_t keySize(std::size_t size)
    {
        if (size != 32 && size != 64) {
            corrupted("a key of " + std::to_string(size) + " bytes");
        }
        return size;
    }
} // namespace

bool macMatches(ByteView key, ByteView data, const std::array<std::uint8_t, 4>& expected)
{
    const auto mac = crypto::Gost28147(key, crypto::gost28147ParamZ()).mac(data);
    return CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

void corrupted(const std::string& what)
{
    throw RequestError(
        ErrorCode::CONTAINER_CORRUPTED, "the CryptoPro container is damaged: " + what);
}

Header parseHeader(ByteView file)
{
    auto header = strictly("header.key", [&] {
        Header header;
        der::Reader reader(single(file, tag::SEQUENCE).content);
        const auto content = reader.expect(tag::SEQUENCE);
        header.content.assign(content.encoded.begin(), content.encoded.end());
        header.contentOffset = static_cast<std::size_t>(content.encoded.data() - file.data());
        const auto mac = reader.expect(tag::OCTET_STRING).content;
        header.mac = fixed<MAC_SIZE>(mac, "header MAC");
        header.macOffset = static_cast<std::size_t>(mac.data() - file.data());
        expectEnd(reader);
        // The MAC (keyed with 32 zero bytes) before any field is interpreted, so a damaged
        // header is always CONTAINER_CORRUPTED, never an unsupported key.
        const std::array<std::uint8_t, 32> zeroKey {};
        if (!macMatches(zeroKey, header.content, header.mac)) {
            corrupted("header MAC mismatch");
        }
        parseContent(content.content, file, header);
        return header;
    });
    resolveKey(header);
    return header;
}

Masks parseMasks(ByteView file)
{
    return strictly("masks.key", [&] {
        der::Reader reader(single(file, tag::SEQUENCE).content);
        Masks masks;
        const auto mask = reader.expect(tag::OCTET_STRING).content;
        keySize(mask.size());
        masks.mask = crypto::SecureBuffer(mask);
        const auto salt = reader.expect(tag::OCTET_STRING).content;
        if (salt.size() != SALT_SIZE) {
            corrupted("salt has the wrong length");
        }
        masks.salt.assign(salt.begin(), salt.end());
        masks.mac = fixed<MAC_SIZE>(reader.expect(tag::OCTET_STRING).content, "masks MAC");
        expectEnd(reader);
        return masks;
    });
}

crypto::SecureBuffer parsePrimary(ByteView file)
{
    return strictly("primary.key", [&] {
        der::Reader reader(single(file, tag::SEQUENCE).content);
        const auto value = reader.expect(tag::OCTET_STRING).content;
        keySize(value.size());
        expectEnd(reader);
        return crypto::SecureBuffer(value);
    });
}

std::string parseName(ByteView file)
{
    return strictly("name.key", [&] {
        der::Reader reader(single(file, tag::SEQUENCE).content);
        const auto name = reader.expect(tag::IA5_STRING).content;
        expectEnd(reader);
        if (std::any_of(name.begin(), name.end(), [](std::uint8_t c) { return c > 0x7f; })) {
            corrupted("the name is not IA5");
        }
        return std::string(name.begin(), name.end());
    });
}

} // namespace tokenbridge::modes::passive::cryptopro
