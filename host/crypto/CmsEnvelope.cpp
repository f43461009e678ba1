#include "CmsEnvelope.hpp"

#include "Der.hpp"
#include "GostEngine.hpp"
#include "OpenSsl.hpp"

namespace tokenbridge::crypto
{

namespace
{

    constexpr std::string_view ENVELOPED_DATA = "1.2.840.113549.1.7.3";

    [[noreturn]] void broken(const std::string& what)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, "cms is not a valid EnvelopedData: " + what,
            { { "param", "cms" } });
    }

    Bytes copy(ByteView view)
    {
        return { view.begin(), view.end() };
    }

    // BER -> DER through OpenSSL's CMS parser (which also rejects what is not CMS at all).
    Bytes normalize(ByteView cms)
    {
        ensureGostEngine();
        const unsigned char* cursor = cms.data();
        CmsPtr parsed(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cms.size())));
        if (!parsed) {
            takeOpenSslError();
            broken("not a CMS ContentInfo");
        }
        return toDer(parsed.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
    }

    CmsKeyTransRecipient parseKeyTrans(const der::Element& info)
    {
        der::Reader fields(info.content);
        fields.expect(der::tag::INTEGER);
        CmsKeyTransRecipient recipient;
        der::Element rid;
        if (fields.nextIf(der::tag::contextPrimitive(0), rid)) {
            recipient.subjectKeyId = copy(rid.content);
        } else {
            der::Reader issuerSerial(fields.expect(der::tag::SEQUENCE).content);
            recipient.issuer = copy(issuerSerial.expect(der::tag::SEQUENCE).encoded);
            recipient.serial = copy(issuerSerial.expect(der::tag::INTEGER).content);
        }
        der::Reader algorithm(fields.expect(der::tag::SEQUENCE).content);
        recipient.keyEncryptionOid = der::oidToString(algorithm.expect(der::tag::OID).content);
        recipient.encryptedKey = copy(fields.expect(der::tag::OCTET_STRING).content);
        return recipient;
    }

    CmsEnvelope parseDer(ByteView cms)
    {
        der::Reader contentInfo(der::parseSingle(cms).content);
        if (der::oidToString(contentInfo.expect(der::tag::OID).content) != ENVELOPED_DATA) {
            broken("the content type is not envelopedData");
        }
        der::Reader explicitContent(contentInfo.expect(der::tag::contextConstructed(0)).content);
        der::Reader enveloped(explicitContent.expect(der::tag::SEQUENCE).content);
        enveloped.expect(der::tag::INTEGER);
        der::Element originator;
        enveloped.nextIf(der::tag::contextConstructed(0), originator);
        CmsEnvelope envelope;
        der::Reader recipients(enveloped.expect(der::tag::SET).content);
        while (!recipients.atEnd()) {
            const auto info = recipients.next();
            if (info.tag == der::tag::SEQUENCE) {
                envelope.recipients.push_back(parseKeyTrans(info));
            }
        }
        der::Reader encrypted(enveloped.expect(der::tag::SEQUENCE).content);
        envelope.contentType = der::oidToString(encrypted.expect(der::tag::OID).content);
        const auto algorithm = encrypted.expect(der::tag::SEQUENCE);
        envelope.contentAlgorithm = copy(algorithm.encoded);
        envelope.contentAlgorithmOid =
            der::oidToString(der::Reader(algorithm.content).expect(der::tag::OID).content);
        der::Element content;
        if (!encrypted.nextIf(der::tag::contextPrimitive(0), content)) {
            broken("the encrypted content is detached or not a primitive octet string");
        }
        envelope.encryptedContent = copy(content.content);
        der::Element attributes;
        if (enveloped.nextIf(der::tag::contextConstructed(1), attributes)) {
            envelope.unprotectedAttributes = copy(attributes.encoded);
        }
        return envelope;
    }

} // namespace

CmsEnvelope parseCmsEnvelope(ByteView cms)
{
    const auto der = normalize(cms);
    try {
        return parseDer(der);
    } catch (const RequestError& error) {
        if (error.code() == ErrorCode::INVALID_PARAMS && error.details().contains("param")) {
            throw;
        }
        broken(error.what());
    }
}

GostKeyTransport parseGostKeyTransport(ByteView encryptedKey)
{
    try {
        der::Reader fields(der::parseSingle(encryptedKey).content);
        GostKeyTransport transport;
        transport.wrappedKey = copy(fields.expect(der::tag::OCTET_STRING).content);
        der::Element ephemeral;
        // The engine writes the SPKI untagged; RFC 9189 tags it [0] IMPLICIT.
        if (fields.nextIf(der::tag::contextConstructed(0), ephemeral)) {
            transport.ephemeralSpki = der::tlv(der::tag::SEQUENCE, ephemeral.content);
        } else {
            transport.ephemeralSpki = copy(fields.expect(der::tag::SEQUENCE).encoded);
        }
        transport.ukm = copy(fields.expect(der::tag::OCTET_STRING).content);
        return transport;
    } catch (const RequestError& error) {
        broken(std::string("the GOST key transport: ") + error.what());
    }
}

} // namespace tokenbridge::crypto
