#include "CadesAttributes.hpp"

#include "crypto/Der.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/Time.hpp"

namespace tokenbridge::cades
{

namespace der = crypto::der;

namespace
{

    Bytes copy(ByteView view)
    {
        return { view.begin(), view.end() };
    }

    // OtherHash ::= CHOICE { sha1Hash, otherHash OtherHashAlgAndValue }: always the second, with
    // the signer's digest (Streebog for GOST), parameters absent.
    Bytes otherHash(crypto::HashAlgorithm algorithm, ByteView data)
    {
        return der::sequence({ der::algorithm(crypto::hashInfo(algorithm).oid, false),
            der::octetString(crypto::hash(algorithm, data)) });
    }

    // IssuerSerial { issuer GeneralNames { [4] Name }, serialNumber } of a certificate.
    Bytes issuerSerial(ByteView certificate)
    {
        der::Reader top(der::parseSingle(certificate).content);
        der::Reader tbs(top.expect(der::tag::SEQUENCE).content);
        der::Element element;
        tbs.nextIf(der::tag::contextConstructed(0), element); // version
        const auto serial = tbs.expect(der::tag::INTEGER).encoded;
        tbs.expect(der::tag::SEQUENCE); // signature algorithm
        const auto issuer = tbs.expect(der::tag::SEQUENCE).encoded;
        return der::sequence(
            { der::sequence({ der::tlv(der::tag::contextConstructed(4), issuer) }), copy(serial) });
    }

    // ResponderID and producedAt, as encoded in the BasicOCSPResponse's tbsResponseData.
    Bytes ocspIdentifier(ByteView basicResponse)
    {
        der::Reader basic(der::parseSingle(basicResponse).content);
        der::Reader data(basic.expect(der::tag::SEQUENCE).content);
        der::Element element;
        data.nextIf(der::tag::contextConstructed(0), element); // version
        const auto responder = data.next().encoded; // [1] byName | [2] byKey
        const auto producedAt = data.expect(der::tag::GENERALIZED_TIME).encoded;
        return der::sequence({ copy(responder), copy(producedAt) });
    }

} // namespace

Bytes attribute(std::string_view oid, ByteView value)
{
    return der::sequence({ der::oid(oid), der::setOf({ copy(value) }) });
}

Bytes completeCertificateRefs(const std::vector<Bytes>& authorities, crypto::HashAlgorithm hash)
{
    std::vector<Bytes> refs;
    for (const auto& certificate : authorities) {
        refs.push_back(der::sequence({ otherHash(hash, certificate), issuerSerial(certificate) }));
    }
    return der::sequence(refs);
}

Bytes completeRevocationRefs(const RevocationEvidence& evidence, crypto::HashAlgorithm hash)
{
    if (evidence.kind == RevocationEvidence::Kind::Crl) {
        const Bytes crlListId = der::sequence(
            { der::sequence({ der::sequence({ otherHash(hash, evidence.value) }) }) });
        return der::sequence(
            { der::sequence({ der::tlv(der::tag::contextConstructed(0), crlListId) }) });
    }
    const Bytes responsesId =
        der::sequence({ ocspIdentifier(evidence.value), otherHash(hash, evidence.value) });
    const Bytes ocspListId = der::sequence({ der::sequence({ responsesId }) });
    return der::sequence(
        { der::sequence({ der::tlv(der::tag::contextConstructed(1), ocspListId) }) });
}

Bytes certificateValues(const std::vector<Bytes>& authorities)
{
    return der::sequence(authorities);
}

Bytes revocationValues(const RevocationEvidence& evidence)
{
    const unsigned tag = evidence.kind == RevocationEvidence::Kind::Crl ? 0 : 1;
    return der::sequence(
        { der::tlv(der::tag::contextConstructed(tag), der::sequence({ evidence.value })) });
}

std::vector<Bytes> readCertificateValues(ByteView value)
{
    std::vector<Bytes> out;
    der::Reader certificates(der::parseSingle(value).content);
    while (!certificates.atEnd()) {
        out.push_back(copy(certificates.expect(der::tag::SEQUENCE).encoded));
    }
    return out;
}

std::vector<RevocationEvidence> readRevocationValues(ByteView value)
{
    std::vector<RevocationEvidence> out;
    der::Reader fields(der::parseSingle(value).content);
    while (!fields.atEnd()) {
        const auto field = fields.next();
        const auto kind = field.tag == der::tag::contextConstructed(0)
            ? RevocationEvidence::Kind::Crl
            : RevocationEvidence::Kind::Ocsp;
        if (field.tag != der::tag::contextConstructed(0)
            && field.tag != der::tag::contextConstructed(1)) {
            continue; // otherRevVals
        }
        der::Reader list(der::parseSingle(field.content).content);
        while (!list.atEnd()) {
            RevocationEvidence evidence { kind, copy(list.expect(der::tag::SEQUENCE).encoded), 0 };
            evidence.time = evidenceTime(kind, evidence.value);
            out.push_back(std::move(evidence));
        }
    }
    return out;
}

} // namespace tokenbridge::cades
