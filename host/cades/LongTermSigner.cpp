#include "LongTermSigner.hpp"

#include "CadesAttributes.hpp"
#include "Timestamp.hpp"

#include "auth/OcspCheck.hpp"
#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/OpenSsl.hpp"

#include <openssl/err.h>

#include <algorithm>

namespace tokenbridge::cades
{

namespace
{

    struct TypeName
    {
        SignatureType type;
        std::string_view name;
    };
    constexpr TypeName TYPE_NAMES[] = {
        { SignatureType::Bes, "cades-bes" },
        { SignatureType::T, "cades-t" },
        { SignatureType::XLongType1, "cades-x-long-type-1" },
    };

    // The -X Long Type 1 attributes, all or none.
    constexpr std::string_view LONG_TERM_OIDS[] = { oid::CERTIFICATE_REFS, oid::REVOCATION_REFS,
        oid::ESC_TIME_STAMP, oid::CERTIFICATE_VALUES, oid::REVOCATION_VALUES };

    using ObjectPtr = crypto::OpenSslPtr<ASN1_OBJECT, ASN1_OBJECT_free>;

    ObjectPtr object(std::string_view dotted)
    {
        return ObjectPtr(crypto::check(OBJ_txt2obj(std::string(dotted).c_str(), 1), "OBJ_txt2obj"));
    }

    bool hasAttribute(CMS_SignerInfo* signer, std::string_view dotted)
    {
        return CMS_unsigned_get_attr_by_OBJ(signer, object(dotted).get(), -1) >= 0;
    }

    void addAttribute(CMS_SignerInfo* signer, std::string_view dotted, const Bytes& value)
    {
        crypto::check(CMS_unsigned_add1_attr_by_OBJ(signer, object(dotted).get(), V_ASN1_SEQUENCE,
                          value.data(), static_cast<int>(value.size())),
            "CMS_unsigned_add1_attr_by_OBJ");
    }

    // The DER of each unsigned attribute of that type, in order.
    std::vector<Bytes> attributesDer(CMS_SignerInfo* signer, std::string_view dotted)
    {
        std::vector<Bytes> out;
        const auto type = object(dotted);
        for (int index = CMS_unsigned_get_attr_by_OBJ(signer, type.get(), -1); index >= 0;
             index = CMS_unsigned_get_attr_by_OBJ(signer, type.get(), index)) {
            out.push_back(crypto::toDer(
                CMS_unsigned_get_attr(signer, index), i2d_X509_ATTRIBUTE, "i2d_X509_ATTRIBUTE"));
        }
        return out;
    }

    Bytes signatureValue(CMS_SignerInfo* signer)
    {
        const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(signer);
        return { ASN1_STRING_get0_data(value),
            ASN1_STRING_get0_data(value) + ASN1_STRING_length(value) };
    }

    crypto::HashAlgorithm digestOf(CMS_SignerInfo* signer)
    {
        X509_ALGOR* algorithm = nullptr;
        CMS_SignerInfo_get0_algs(signer, nullptr, nullptr, &algorithm, nullptr);
        const ASN1_OBJECT* digest = nullptr;
        X509_ALGOR_get0(&digest, nullptr, nullptr, algorithm);
        char text[128];
        OBJ_obj2txt(text, sizeof text, digest, 1);
        const auto* info = crypto::findHashByOid(text);
        if (info == nullptr) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                std::string("the signer's digest algorithm is not supported: ") + text);
        }
        return info->algorithm;
    }

    Bytes timestamp(const LongTermOptions& options, crypto::HashAlgorithm hash, ByteView data)
    {
        return requestTimestamp({ options.tsaUrl, options.tsaPolicy, hash, data }, options.fetch);
    }

    void raiseOne(
        CMS_SignerInfo* signer, const LongTermOptions& options, const PreparedSigner& prepared)
    {
        const auto hash = digestOf(signer);
        const Bytes signature = signatureValue(signer);
        if (!hasAttribute(signer, oid::SIGNATURE_TIME_STAMP)) {
            addAttribute(signer, oid::SIGNATURE_TIME_STAMP, timestamp(options, hash, signature));
        }
        if (options.type != SignatureType::XLongType1) {
            return;
        }
        const auto present = std::count_if(std::begin(LONG_TERM_OIDS), std::end(LONG_TERM_OIDS),
            [&](std::string_view dotted) { return hasAttribute(signer, dotted); });
        if (static_cast<std::size_t>(present) == std::size(LONG_TERM_OIDS)) {
            return;
        }
        if (present != 0) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "the signature carries only part of the CAdES-X Long attributes");
        }
        const auto authorities = prepared.chain.authoritiesDer();
        const Bytes certificateRefs = completeCertificateRefs(authorities, hash);
        const Bytes revocationRefs = completeRevocationRefs(*prepared.revocation, hash);
        // CAdES-C time-stamp: over the signature value's octets, then each whole attribute.
        Bytes covered = signature;
        for (const auto& stamp : attributesDer(signer, oid::SIGNATURE_TIME_STAMP)) {
            covered.insert(covered.end(), stamp.begin(), stamp.end());
        }
        for (const auto& part : { attribute(oid::CERTIFICATE_REFS, certificateRefs),
                 attribute(oid::REVOCATION_REFS, revocationRefs) }) {
            covered.insert(covered.end(), part.begin(), part.end());
        }
        const Bytes escStamp = timestamp(options, hash, covered);
        addAttribute(signer, oid::CERTIFICATE_REFS, certificateRefs);
        addAttribute(signer, oid::REVOCATION_REFS, revocationRefs);
        addAttribute(signer, oid::ESC_TIME_STAMP, escStamp);
        addAttribute(signer, oid::CERTIFICATE_VALUES, certificateValues(authorities));
        addAttribute(signer, oid::REVOCATION_VALUES, revocationValues(*prepared.revocation));
    }

    crypto::X509StackPtr stackOf(const std::vector<Bytes>& certificates)
    {
        crypto::X509StackPtr stack(crypto::check(sk_X509_new_null(), "sk_X509_new_null"));
        for (const auto& der : certificates) {
            sk_X509_push(stack.get(), crypto::loadX509(der).release());
        }
        return stack;
    }

} // namespace

std::optional<SignatureType> parseSignatureType(std::string_view name)
{
    for (const auto& entry : TYPE_NAMES) {
        if (entry.name == name) {
            return entry.type;
        }
    }
    return std::nullopt;
}

std::string_view signatureTypeName(SignatureType type)
{
    for (const auto& entry : TYPE_NAMES) {
        if (entry.type == type) {
            return entry.name;
        }
    }
    return "cades-bes";
}

PreparedSigner prepareSigner(ByteView certificate, const LongTermOptions& options)
{
    PreparedSigner prepared { buildSignerChain(certificate, options.certificates, &options.fetch),
        std::nullopt };
    if (options.type == SignatureType::XLongType1) {
        prepared.revocation = fetchRevocation(prepared.chain, options.ocspUrl, options.fetch);
        return prepared;
    }
    const bool askable = prepared.chain.issuer() != nullptr
        && (!options.ocspUrl.empty() || !auth::ocspUrlOf(prepared.chain.signer.get()).empty());
    if (options.type == SignatureType::T && askable) {
        try {
            prepared.revocation = fetchRevocation(prepared.chain, options.ocspUrl, options.fetch);
        } catch (const Error& error) {
            if (error.code() == ErrorCode::CERTIFICATE_REVOKED) {
                throw;
            }
        }
    }
    return prepared;
}

Bytes raiseSignature(ByteView cmsBytes, const LongTermOptions& options,
    const std::vector<PreparedSigner>& prepared, bool others)
{
    crypto::ensureGostEngine();
    const unsigned char* cursor = cmsBytes.data();
    crypto::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cmsBytes.size())));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        crypto::throwOpenSslInputError("not a CMS SignedData message");
    }
    const auto extra = stackOf(options.certificates);
    CMS_set1_signers_certs(cms.get(), extra.get(), 0);
    ERR_clear_error();
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(signers) == 0) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "the message has no signer");
    }
    for (int i = 0; i < sk_CMS_SignerInfo_num(signers); ++i) {
        CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(signers, i);
        X509* certificate = nullptr;
        CMS_SignerInfo_get0_algs(signer, nullptr, &certificate, nullptr, nullptr);
        if (certificate == nullptr) {
            throw RequestError(ErrorCode::CERTIFICATE_NOT_FOUND,
                "a signer's certificate is neither in the message nor in certificates");
        }
        const auto known =
            std::find_if(prepared.begin(), prepared.end(), [&](const PreparedSigner& entry) {
                return X509_cmp(entry.chain.signer.get(), certificate) == 0;
            });
        if (known != prepared.end()) {
            raiseOne(signer, options, *known);
            continue;
        }
        if (!others) {
            continue;
        }
        const auto fresh = prepareSigner(crypto::x509Der(certificate), options);
        raiseOne(signer, options, fresh);
    }
    return crypto::toDer(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
}

} // namespace tokenbridge::cades
