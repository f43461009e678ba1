#include "CmsBuilder.hpp"

#include "CmsSignerInfo.hpp"
#include "Der.hpp"
#include "GostEngine.hpp"
#include "Hasher.hpp"
#include "OpenSsl.hpp"
#include "Oids.hpp"

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    std::time_t signingTime(const CmsSignOptions& options)
    {
        return options.signingTime.value_or(std::time(nullptr));
    }

    Bytes certificatesField(std::vector<Bytes> certificates)
    {
        return der::setOfTagged(der::tag::contextConstructed(0), std::move(certificates));
    }

    Bytes contentInfo(const Bytes& signedData)
    {
        return der::sequence({ der::oid(oid::CMS_SIGNED_DATA),
            der::tlv(der::tag::contextConstructed(0), signedData) });
    }

    Bytes buildNew(Signer& signer, ByteView certificate, ByteView digest,
        std::optional<ByteView> attachedContent, const CmsSignOptions& options)
    {
        cms::requireMatchingCertificate(signer, certificate);
        const Bytes signerInfo = cms::buildSignerInfo(
            signer, { certificate, oid::CMS_DATA, digest, signingTime(options) });
        std::vector<Bytes> encap { der::oid(oid::CMS_DATA) };
        if (attachedContent) {
            encap.push_back(
                der::tlv(der::tag::contextConstructed(0), der::octetString(*attachedContent)));
        }
        std::vector<Bytes> signedData {
            der::integer(1),
            der::setOf({ cms::digestAlgorithmIdentifier(signer.algorithm()) }),
            der::sequence(encap),
        };
        std::vector<Bytes> certificates = options.extraCertificates;
        if (options.includeCertificate) {
            certificates.emplace(certificates.begin(), certificate.begin(), certificate.end());
        }
        if (!certificates.empty()) {
            signedData.push_back(certificatesField(std::move(certificates)));
        }
        signedData.push_back(der::setOf({ signerInfo }));
        return contentInfo(der::sequence(signedData));
    }

    std::vector<Bytes> elementsOf(ByteView content)
    {
        std::vector<Bytes> out;
        der::Reader reader(content);
        while (!reader.atEnd()) {
            const auto element = reader.next();
            out.emplace_back(element.encoded.begin(), element.encoded.end());
        }
        return out;
    }

    std::string algorithmOid(const Bytes& algorithmIdentifier)
    {
        der::Reader reader(der::parseSingle(algorithmIdentifier).content);
        return der::oidToString(reader.expect(der::tag::OID).content);
    }

    // Re-encodes through OpenSSL so BER input (indefinite lengths, constructed strings) becomes
    // DER.
    Bytes normalize(ByteView cmsBytes)
    {
        ensureGostEngine();
        const unsigned char* cursor = cmsBytes.data();
        CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cmsBytes.size())));
        if (!cms) {
            throwOpenSslInputError("not a CMS message");
        }
        return toDer(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
    }

} // namespace

HashAlgorithm cmsDigestAlgorithm(KeyAlgorithm algorithm)
{
    return keyAlgorithmInfo(algorithm).digest;
}

Bytes cmsSignData(
    Signer& signer, ByteView signerCertificate, ByteView content, const CmsSignOptions& options)
{
    const Bytes digest = hash(cmsDigestAlgorithm(signer.algorithm()), content);
    return buildNew(signer, signerCertificate, digest,
        options.detached ? std::nullopt : std::optional(content), options);
}

Bytes cmsSignDigest(Signer& signer, ByteView signerCertificate, ByteView contentDigest,
    const CmsSignOptions& options)
{
    return buildNew(signer, signerCertificate, contentDigest, std::nullopt, options);
}

Bytes cmsCoSign(Signer& signer, ByteView signerCertificate, ByteView existingCms,
    const CmsDetachedContent& content, const CmsSignOptions& options)
{
    cms::requireMatchingCertificate(signer, signerCertificate);
    const Bytes normalized = normalize(existingCms);
    der::Reader top(der::parseSingle(normalized).content);
    if (der::oidToString(top.expect(der::tag::OID).content) != oid::CMS_SIGNED_DATA) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "CMS message is not SignedData");
    }
    der::Reader explicitContent(top.expect(der::tag::contextConstructed(0)).content);
    der::Reader signedData(explicitContent.expect(der::tag::SEQUENCE).content);
    const auto version = signedData.expect(der::tag::INTEGER).encoded;
    std::vector<Bytes> digestAlgorithms = elementsOf(signedData.expect(der::tag::SET).content);
    const auto encap = signedData.expect(der::tag::SEQUENCE);
    der::Element certificatesElement;
    der::Element crlsElement;
    const bool hasCertificates =
        signedData.nextIf(der::tag::contextConstructed(0), certificatesElement);
    const bool hasCrls = signedData.nextIf(der::tag::contextConstructed(1), crlsElement);
    std::vector<Bytes> signerInfos = elementsOf(signedData.expect(der::tag::SET).content);

    der::Reader encapReader(encap.content);
    const std::string contentType = der::oidToString(encapReader.expect(der::tag::OID).content);
    der::Element eContent;
    const HashAlgorithm digestAlgorithm = cmsDigestAlgorithm(signer.algorithm());
    Bytes digest;
    if (encapReader.nextIf(der::tag::contextConstructed(0), eContent)) {
        digest = hash(digestAlgorithm, der::parseSingle(eContent.content).content);
    } else if (content.data) {
        digest = hash(digestAlgorithm, *content.data);
    } else if (content.digest) {
        digest = *content.digest;
    } else {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "detached SignedData: the content or its digest is required");
    }

    const Bytes myDigestAlgorithm = cms::digestAlgorithmIdentifier(signer.algorithm());
    const std::string myDigestOid = algorithmOid(myDigestAlgorithm);
    if (std::none_of(digestAlgorithms.begin(), digestAlgorithms.end(),
            [&](const Bytes& a) { return algorithmOid(a) == myDigestOid; })) {
        digestAlgorithms.push_back(myDigestAlgorithm);
    }
    std::vector<Bytes> certificates =
        hasCertificates ? elementsOf(certificatesElement.content) : std::vector<Bytes> {};
    std::vector<Bytes> wanted = options.extraCertificates;
    if (options.includeCertificate) {
        wanted.emplace_back(signerCertificate.begin(), signerCertificate.end());
    }
    for (auto& certificate : wanted) {
        if (std::find(certificates.begin(), certificates.end(), certificate)
            == certificates.end()) {
            certificates.push_back(std::move(certificate));
        }
    }
    signerInfos.push_back(cms::buildSignerInfo(
        signer, { signerCertificate, contentType, digest, signingTime(options) }));

    std::vector<Bytes> rebuilt { Bytes(version.begin(), version.end()),
        der::setOf(digestAlgorithms), Bytes(encap.encoded.begin(), encap.encoded.end()) };
    if (!certificates.empty()) {
        rebuilt.push_back(certificatesField(std::move(certificates)));
    }
    if (hasCrls) {
        rebuilt.emplace_back(crlsElement.encoded.begin(), crlsElement.encoded.end());
    }
    rebuilt.push_back(der::setOf(signerInfos));
    return contentInfo(der::sequence(rebuilt));
}

} // namespace tokenbridge::crypto
