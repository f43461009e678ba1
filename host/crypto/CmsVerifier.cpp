#include "CmsVerifier.hpp"

#include "Der.hpp"
#include "GostEngine.hpp"
#include "Hasher.hpp"
#include "OpenSsl.hpp"
#include "PublicKey.hpp"
#include "Time.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    std::string objectText(const ASN1_OBJECT* object)
    {
        char buffer[128];
        const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
        return length > 0 ? std::string(buffer) : "";
    }

    X509StackPtr certificateStack(const std::vector<Bytes>& certificates, STACK_OF(X509) * also)
    {
        X509StackPtr stack(check(sk_X509_new_null(), "sk_X509_new_null"));
        for (const auto& der : certificates) {
            sk_X509_push(stack.get(), loadX509(der).release());
        }
        for (int i = 0; also != nullptr && i < sk_X509_num(also); ++i) {
            X509* certificate = sk_X509_value(also, i);
            X509_up_ref(certificate);
            sk_X509_push(stack.get(), certificate);
        }
        return stack;
    }

    std::optional<std::time_t> signingTime(CMS_SignerInfo* signerInfo)
    {
        const int index = CMS_signed_get_attr_by_NID(signerInfo, NID_pkcs9_signingTime, -1);
        if (index < 0) {
            return std::nullopt;
        }
        const ASN1_TYPE* value =
            X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(signerInfo, index), 0);
        if (value == nullptr
            || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
            return std::nullopt;
        }
        return fromAsn1Time(value->value.utctime);
    }

    // RFC 5035: SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { hashAlgorithm DEFAULT
    // sha256,
    // certHash, issuerSerial OPTIONAL } }. Only the first ESSCertIDv2 names the signer certificate.
    void checkSigningCertificate(CmsSignerResult& result, CMS_SignerInfo* signerInfo)
    {
        const int index =
            CMS_signed_get_attr_by_NID(signerInfo, NID_id_smime_aa_signingCertificateV2, -1);
        if (index < 0) {
            return;
        }
        result.signingCertificatePresent = true;
        const ASN1_TYPE* value =
            X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(signerInfo, index), 0);
        if (value == nullptr || value->type != V_ASN1_SEQUENCE || !result.certificate) {
            return;
        }
        const ByteView encoded(ASN1_STRING_get0_data(value->value.sequence),
            static_cast<std::size_t>(ASN1_STRING_length(value->value.sequence)));
        try {
            der::Reader signingCertificate(der::parseSingle(encoded).content);
            der::Reader certs(signingCertificate.expect(der::tag::SEQUENCE).content);
            der::Reader certId(certs.expect(der::tag::SEQUENCE).content);
            HashAlgorithm algorithm = HashAlgorithm::Sha256;
            der::Element hashAlgorithm;
            if (certId.nextIf(der::tag::SEQUENCE, hashAlgorithm)) {
                der::Reader algorithmReader(hashAlgorithm.content);
                const auto* info =
                    findHashByOid(der::oidToString(algorithmReader.expect(der::tag::OID).content));
                if (info == nullptr) {
                    return;
                }
                algorithm = info->algorithm;
            }
            const auto certHash = certId.expect(der::tag::OCTET_STRING).content;
            const Bytes expected = hash(algorithm, result.certificate->der);
            result.signingCertificateMatches =
                std::equal(certHash.begin(), certHash.end(), expected.begin(), expected.end());
        } catch (const RequestError&) {
            result.signingCertificateMatches = false;
        }
    }

    void verifyChain(CmsSignerResult& result, X509* certificate, X509_STORE* store,
        STACK_OF(X509) * untrusted, const CmsVerifyOptions& options)
    {
        X509StoreCtxPtr ctx(check(X509_STORE_CTX_new(), "X509_STORE_CTX_new"));
        check(X509_STORE_CTX_init(ctx.get(), store, certificate, untrusted), "X509_STORE_CTX_init");
        if (options.verificationTime) {
            X509_VERIFY_PARAM_set_time(
                X509_STORE_CTX_get0_param(ctx.get()), *options.verificationTime);
        }
        result.chainValid = X509_verify_cert(ctx.get()) == 1;
        if (!result.chainValid) {
            result.chainError = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
        }
        ERR_clear_error();
    }

    Bytes contentDigest(HashAlgorithm algorithm, const std::optional<Bytes>& attached,
        const CmsVerifyOptions& options)
    {
        if (attached) {
            return hash(algorithm, *attached);
        }
        if (options.detachedContent) {
            return hash(algorithm, *options.detachedContent);
        }
        if (options.detachedDigest) {
            return *options.detachedDigest;
        }
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "detached signature: the content or its digest is required");
    }

    CmsSignerResult verifySigner(CMS_SignerInfo* signerInfo, const std::optional<Bytes>& attached,
        X509_STORE* store, STACK_OF(X509) * untrusted, const CmsVerifyOptions& options)
    {
        CmsSignerResult result;
        EVP_PKEY* key = nullptr;
        X509* certificate = nullptr;
        X509_ALGOR* digestAlgorithm = nullptr;
        X509_ALGOR* signatureAlgorithm = nullptr;
        CMS_SignerInfo_get0_algs(
            signerInfo, &key, &certificate, &digestAlgorithm, &signatureAlgorithm);
        const ASN1_OBJECT* digestObject = nullptr;
        X509_ALGOR_get0(&digestObject, nullptr, nullptr, digestAlgorithm);
        result.digestAlgorithmOid = objectText(digestObject);
        result.signingTime = signingTime(signerInfo);
        if (certificate == nullptr || key == nullptr) {
            return result;
        }
        result.certificateFound = true;
        result.certificate = parseCertificate(x509Der(certificate));
        const auto* hashAlgorithm = findHashByOid(result.digestAlgorithmOid);
        if (hashAlgorithm == nullptr) {
            return result;
        }
        const Bytes digest = contentDigest(hashAlgorithm->algorithm, attached, options);

        if (CMS_signed_get_attr_count(signerInfo) > 0) {
            result.signatureValid = CMS_SignerInfo_verify(signerInfo) == 1;
            checkSigningCertificate(result, signerInfo);
            const auto* messageDigest =
                static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
                    signerInfo, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
            result.digestMatches = messageDigest != nullptr
                && static_cast<std::size_t>(ASN1_STRING_length(messageDigest)) == digest.size()
                && CRYPTO_memcmp(ASN1_STRING_get0_data(messageDigest), digest.data(), digest.size())
                    == 0;
        } else {
            // No signed attributes: the signature is over the content digest itself (TC26
            // examples).
            const ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(signerInfo);
            EVP_PKEY_up_ref(key);
            const PublicKey publicKey { EvpPkeyPtr(key) };
            result.signatureValid = publicKey.verifyDigest(digest,
                ByteView(ASN1_STRING_get0_data(signature),
                    static_cast<std::size_t>(ASN1_STRING_length(signature))));
            result.digestMatches = result.signatureValid;
        }
        ERR_clear_error();
        verifyChain(result, certificate, store, untrusted, options);
        return result;
    }

} // namespace

nlohmann::json CmsSignerResult::toJson() const
{
    nlohmann::json out = {
        { "valid", valid() },
        { "certificateFound", certificateFound },
        { "signatureValid", signatureValid },
        { "digestMatches", digestMatches },
        { "chainValid", chainValid },
        { "digestAlgorithm", digestAlgorithmOid },
    };
    if (!chainError.empty()) {
        out["chainError"] = chainError;
    }
    if (certificate) {
        out["signerSubject"] = certificate->subjectDn;
        out["certificate"] = certificate->toJson();
    }
    if (signingTime) {
        out["signingTime"] = toIsoTime(*signingTime);
    }
    return out;
}

bool CmsVerifyResult::allValid() const
{
    if (signers.empty()) {
        return false;
    }
    for (const auto& signer : signers) {
        if (!signer.valid()) {
            return false;
        }
    }
    return true;
}

nlohmann::json CmsVerifyResult::toJson() const
{
    auto list = nlohmann::json::array();
    for (const auto& signer : signers) {
        list.push_back(signer.toJson());
    }
    return { { "valid", allValid() }, { "detached", detached }, { "signers", list } };
}

CmsVerifyResult verifyCms(ByteView cmsBytes, const CmsVerifyOptions& options)
{
    ensureGostEngine();
    const unsigned char* cursor = cmsBytes.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cmsBytes.size())));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        throwOpenSslInputError("not a CMS SignedData message");
    }
    CmsVerifyResult result;
    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    result.detached = content == nullptr || *content == nullptr;
    if (!result.detached) {
        result.content.emplace(ASN1_STRING_get0_data(*content),
            ASN1_STRING_get0_data(*content) + ASN1_STRING_length(*content));
    }
    const X509StackPtr extra = certificateStack(options.extraCertificates, nullptr);
    CMS_set1_signers_certs(cms.get(), extra.get(), 0);
    ERR_clear_error();
    const X509StackPtr embedded(CMS_get1_certs(cms.get()));
    const X509StackPtr untrusted = certificateStack(options.extraCertificates, embedded.get());

    X509StorePtr store(check(X509_STORE_new(), "X509_STORE_new"));
    for (const auto& root : options.trustedRoots) {
        check(X509_STORE_add_cert(store.get(), loadX509(root).get()), "X509_STORE_add_cert");
    }
    STACK_OF(CMS_SignerInfo)* signerInfos = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; i < sk_CMS_SignerInfo_num(signerInfos); ++i) {
        result.signers.push_back(verifySigner(sk_CMS_SignerInfo_value(signerInfos, i),
            result.content, store.get(), untrusted.get(), options));
    }
    return result;
}

} // namespace tokenbridge::crypto
