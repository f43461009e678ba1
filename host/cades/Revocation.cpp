#include "Revocation.hpp"

#include "auth/OcspCheck.hpp"
#include "core/Error.hpp"
#include "crypto/Time.hpp"
#include "net/HttpClient.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

namespace tokenbridge::cades
{

namespace
{

    using CrlPtr = crypto::OpenSslPtr<X509_CRL, X509_CRL_free>;
    using OcspBasicPtr = crypto::OpenSslPtr<OCSP_BASICRESP, OCSP_BASICRESP_free>;
    using OcspCertIdPtr = crypto::OpenSslPtr<OCSP_CERTID, OCSP_CERTID_free>;
    inline void freeDistributionPoints(CRL_DIST_POINTS* points)
    {
        CRL_DIST_POINTS_free(points);
    }
    using DistPointsPtr = crypto::OpenSslPtr<CRL_DIST_POINTS, freeDistributionPoints>;

    [[noreturn]] void unavailable(const std::string& message)
    {
        throw RetryableError(ErrorCode::OCSP_UNAVAILABLE, message);
    }
    [[noreturn]] void answerError(const std::string& message)
    {
        throw RetryableError(ErrorCode::OCSP_ERROR, message);
    }
    [[noreturn]] void revoked()
    {
        throw UserActionError(ErrorCode::CERTIFICATE_REVOKED,
            "the signer's certificate is revoked; a long-term signature cannot be made with it");
    }

    // The store the answer's signer must chain to: the issuer, trusted as it is (a partial
    // chain): an answer about a certificate is the issuer's to give.
    crypto::X509StorePtr issuerStore(const SignerChain& chain)
    {
        crypto::X509StorePtr store(crypto::check(X509_STORE_new(), "X509_STORE_new"));
        crypto::check(X509_STORE_add_cert(store.get(), chain.issuer()), "X509_STORE_add_cert");
        X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
        return store;
    }

    std::string crlUrlOf(X509* certificate)
    {
        const DistPointsPtr points(static_cast<CRL_DIST_POINTS*>(
            X509_get_ext_d2i(certificate, NID_crl_distribution_points, nullptr, nullptr)));
        for (int i = 0; points && i < sk_DIST_POINT_num(points.get()); ++i) {
            const DIST_POINT* point = sk_DIST_POINT_value(points.get(), i);
            if (point->distpoint == nullptr || point->distpoint->type != 0) {
                continue;
            }
            const GENERAL_NAMES* names = point->distpoint->name.fullname;
            for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
                const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
                if (name->type != GEN_URI) {
                    continue;
                }
                const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
                std::string url(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                    static_cast<std::size_t>(ASN1_STRING_length(uri)));
                if (url.starts_with("http://") || url.starts_with("https://")) {
                    return url;
                }
            }
        }
        return {};
    }

    CrlPtr parseCrl(ByteView der)
    {
        const unsigned char* cursor = der.data();
        CrlPtr crl(d2i_X509_CRL(nullptr, &cursor, static_cast<long>(der.size())));
        ERR_clear_error();
        return crl;
    }

    // Signed by the issuer and current (nextUpdate not passed).
    bool crlUsable(X509_CRL* crl, X509* issuer)
    {
        const bool usable =
            X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) == 0
            && X509_CRL_verify(crl, X509_get0_pubkey(issuer)) == 1
            && (X509_CRL_get0_nextUpdate(crl) == nullptr
                || X509_cmp_current_time(X509_CRL_get0_nextUpdate(crl)) > 0);
        ERR_clear_error();
        return usable;
    }

    RevocationEvidence fromCrl(const SignerChain& chain, const Fetch& fetch)
    {
        const std::string url = crlUrlOf(chain.signer.get());
        if (url.empty()) {
            unavailable("the signer's certificate names no OCSP responder and no CRL");
        }
        Bytes der;
        try {
            der = fetch(url, {}, {});
        } catch (const std::exception& error) {
            unavailable(std::string("the CRL cannot be downloaded: ") + error.what());
        }
        const auto crl = parseCrl(der);
        if (!crl || !crlUsable(crl.get(), chain.issuer())) {
            answerError("the CRL is not a current CRL of the signer's issuer");
        }
        X509_REVOKED* entry = nullptr;
        if (X509_CRL_get0_by_cert(crl.get(), &entry, chain.signer.get()) == 1) {
            revoked();
        }
        return { RevocationEvidence::Kind::Crl, der,
            crypto::fromAsn1Time(X509_CRL_get0_lastUpdate(crl.get())) };
    }

} // namespace

RevocationEvidence fetchRevocation(
    const SignerChain& chain, const std::string& ocspUrl, const Fetch& fetch)
{
    if (chain.issuer() == nullptr) {
        unavailable("the issuer of the signer's certificate is not known: give it in certificates");
    }
    const std::string url = ocspUrl.empty() ? auth::ocspUrlOf(chain.signer.get()) : ocspUrl;
    if (url.empty()) {
        return fromCrl(chain, fetch);
    }
    const auto store = issuerStore(chain);
    const crypto::X509StackPtr untrusted(crypto::check(sk_X509_new_null(), "sk_X509_new_null"));
    const auto transport = [&fetch](const std::string& target, ByteView request) {
        return fetch(target, "application/ocsp-request", request);
    };
    const auto answer = auth::queryOcsp(
        chain.signer.get(), chain.issuer(), store.get(), untrusted.get(), transport, url);
    switch (answer.verdict) {
    case auth::OcspVerdict::Good:
        return { RevocationEvidence::Kind::Ocsp, answer.basicResponse, answer.producedAt };
    case auth::OcspVerdict::Revoked:
        revoked();
    case auth::OcspVerdict::Unavailable:
        break;
    }
    if (answer.failure == auth::OcspAnswer::Failure::Response) {
        answerError("the OCSP responder's answer: " + answer.error);
    }
    unavailable("the OCSP responder cannot be reached: " + answer.error);
}

RevocationStatus revocationStatus(
    const RevocationEvidence& evidence, X509* certificate, X509* issuer)
{
    RevocationStatus out;
    if (issuer == nullptr) {
        return out;
    }
    if (evidence.kind == RevocationEvidence::Kind::Crl) {
        const auto crl = parseCrl(evidence.value);
        if (!crl) {
            return out;
        }
        out.time = crypto::fromAsn1Time(X509_CRL_get0_lastUpdate(crl.get()));
        out.signatureValid = X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) == 1;
        X509_REVOKED* entry = nullptr;
        out.status =
            X509_CRL_get0_by_cert(crl.get(), &entry, certificate) == 1 ? "revoked" : "good";
        ERR_clear_error();
        return out;
    }
    const unsigned char* cursor = evidence.value.data();
    const OcspBasicPtr basic(
        d2i_OCSP_BASICRESP(nullptr, &cursor, static_cast<long>(evidence.value.size())));
    const OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), certificate, issuer));
    int status = -1;
    int reason = 0;
    ASN1_GENERALIZEDTIME* revokedAt = nullptr;
    ASN1_GENERALIZEDTIME* thisUpdate = nullptr;
    ASN1_GENERALIZEDTIME* nextUpdate = nullptr;
    if (basic && id
        && OCSP_resp_find_status(
               basic.get(), id.get(), &status, &reason, &revokedAt, &thisUpdate, &nextUpdate)
            == 1) {
        out.status = status == V_OCSP_CERTSTATUS_GOOD ? "good"
            : status == V_OCSP_CERTSTATUS_REVOKED     ? "revoked"
                                                      : "unknown";
        crypto::X509StorePtr store(crypto::check(X509_STORE_new(), "X509_STORE_new"));
        X509_STORE_add_cert(store.get(), issuer);
        X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
        // The answer is kept past its validity: check it at the time it was produced.
        out.time = crypto::fromAsn1Time(OCSP_resp_get0_produced_at(basic.get()));
        X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), out.time);
        out.signatureValid = OCSP_basic_verify(basic.get(), nullptr, store.get(), 0) == 1;
    }
    ERR_clear_error();
    return out;
}

std::time_t evidenceTime(RevocationEvidence::Kind kind, ByteView value)
{
    const unsigned char* cursor = value.data();
    if (kind == RevocationEvidence::Kind::Crl) {
        const auto crl = parseCrl(value);
        return crl ? crypto::fromAsn1Time(X509_CRL_get0_lastUpdate(crl.get())) : 0;
    }
    const OcspBasicPtr basic(d2i_OCSP_BASICRESP(nullptr, &cursor, static_cast<long>(value.size())));
    ERR_clear_error();
    return basic ? crypto::fromAsn1Time(OCSP_resp_get0_produced_at(basic.get())) : 0;
}

} // namespace tokenbridge::cades
