#include "CmsSignerInfo.hpp"

#include "CmsBuilder.hpp"
#include "Der.hpp"
#include "Hasher.hpp"
#include "Oids.hpp"
#include "PublicKey.hpp"
#include "core/Error.hpp"

namespace tokenbridge::crypto::cms
{

namespace
{

    struct IssuerSerial
    {
        Bytes issuer; // Name DER
        Bytes serial; // INTEGER DER
        Bytes spki;
    };

    IssuerSerial certificateFields(ByteView certificate)
    {
        der::Reader top(der::parseSingle(certificate).content);
        der::Reader tbs(top.expect(der::tag::SEQUENCE).content);
        der::Element element;
        tbs.nextIf(der::tag::contextConstructed(0), element); // version
        IssuerSerial out;
        const auto serial = tbs.expect(der::tag::INTEGER).encoded;
        out.serial.assign(serial.begin(), serial.end());
        tbs.expect(der::tag::SEQUENCE); // signature algorithm
        const auto issuer = tbs.expect(der::tag::SEQUENCE).encoded;
        out.issuer.assign(issuer.begin(), issuer.end());
        tbs.expect(der::tag::SEQUENCE); // validity
        tbs.expect(der::tag::SEQUENCE); // subject
        const auto spki = tbs.expect(der::tag::SEQUENCE).encoded;
        out.spki.assign(spki.begin(), spki.end());
        return out;
    }

    Bytes attribute(std::string_view oidText, const Bytes& value)
    {
        return der::sequence({ der::oid(oidText), der::setOf({ value }) });
    }

    // RFC 5035: SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 }. GOST: hashAlgorithm
    // Streebog-256 written explicitly (it is not the SHA-256 default); SHA-256 is omitted (DER
    // default).
    Bytes signingCertificateV2(
        KeyAlgorithm algorithm, ByteView certificate, const IssuerSerial& fields)
    {
        const bool gost =
            algorithm == KeyAlgorithm::Gost2012_256 || algorithm == KeyAlgorithm::Gost2012_512;
        const HashAlgorithm hashAlgorithm =
            gost ? HashAlgorithm::Streebog256 : HashAlgorithm::Sha256;
        std::vector<Bytes> certId;
        if (gost) {
            certId.push_back(der::algorithm(hashInfo(hashAlgorithm).oid, false));
        }
        certId.push_back(der::octetString(hash(hashAlgorithm, certificate)));
        // IssuerSerial { issuer GeneralNames { [4] directoryName }, serialNumber }
        const Bytes generalNames =
            der::sequence({ der::tlv(der::tag::contextConstructed(4), fields.issuer) });
        certId.push_back(der::sequence({ generalNames, fields.serial }));
        return der::sequence({ der::sequence({ der::sequence(certId) }) });
    }

} // namespace

Bytes digestAlgorithmIdentifier(KeyAlgorithm algorithm)
{
    const auto& info = keyAlgorithmInfo(algorithm);
    return der::algorithm(hashInfo(info.digest).oid, info.cmsDigestNullParams);
}

void requireMatchingCertificate(const Signer& signer, ByteView certificate)
{
    const auto certificateKey = parseSpki(certificateFields(certificate).spki);
    const auto signerKey = parseSpki(signer.publicKeySpki());
    if (certificateKey.keyBits != signerKey.keyBits) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the certificate does not belong to the signing key");
    }
}

Bytes buildSignerInfo(Signer& signer, const SignerInput& input)
{
    const KeyAlgorithm algorithm = signer.algorithm();
    const auto& info = keyAlgorithmInfo(algorithm);
    if (input.contentDigest.size() != hashInfo(info.digest).size) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "content digest has the wrong length");
    }
    const IssuerSerial fields = certificateFields(input.certificate);
    const Bytes signedAttributes = der::setOf({
        attribute(oid::CONTENT_TYPE, der::oid(input.contentType)),
        attribute(oid::MESSAGE_DIGEST, der::octetString(input.contentDigest)),
        attribute(oid::SIGNING_TIME, der::time(input.signingTime)),
        attribute(oid::SIGNING_CERTIFICATE_V2,
            signingCertificateV2(algorithm, input.certificate, fields)),
    });
    // RFC 5652 §5.4: the signature covers the DER SET OF (tag 0x31); SignerInfo stores it as [0].
    const Bytes signature = signer.signDigest(hash(info.digest, signedAttributes));
    Bytes implicitAttributes = signedAttributes;
    implicitAttributes[0] = der::tag::contextConstructed(0);
    return der::sequence({
        der::integer(1),
        der::sequence({ fields.issuer, fields.serial }),
        digestAlgorithmIdentifier(algorithm),
        implicitAttributes,
        der::algorithm(info.cmsSignatureOid, info.cmsSignatureNullParams),
        der::octetString(signature),
    });
}

} // namespace tokenbridge::crypto::cms
