#include "OcspCheck.hpp"

#include "crypto/OpenSsl.hpp"
#include "crypto/Time.hpp"
#include "net/HttpClient.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

namespace tokenbridge::auth
{

namespace
{

    using OcspRequestPtr = crypto::OpenSslPtr<OCSP_REQUEST, OCSP_REQUEST_free>;
    using OcspResponsePtr = crypto::OpenSslPtr<OCSP_RESPONSE, OCSP_RESPONSE_free>;
    using OcspBasicPtr = crypto::OpenSslPtr<OCSP_BASICRESP, OCSP_BASICRESP_free>;
    using OcspCertIdPtr = crypto::OpenSslPtr<OCSP_CERTID, OCSP_CERTID_free>;

    inline void freeStrings(STACK_OF(OPENSSL_STRING) * list)
    {
        X509_email_free(list);
    }
    using StringStackPtr = crypto::OpenSslPtr<STACK_OF(OPENSSL_STRING), freeStrings>;

    // Clocks of responder and verifier differ; RFC 6960 leaves the tolerance to the client.
    constexpr long CLOCK_SKEW_SECONDS = 5 * 60;

    // OCSP_check_nonce: 1 echoed, -1 the response has none (responders that pre-produce their
    // answers), 0 a different one, 2/3 other combinations we never send.
    bool nonceAcceptable(OCSP_REQUEST* request, OCSP_BASICRESP* basic)
    {
        const int nonce = OCSP_check_nonce(request, basic);
        return nonce == 1 || nonce == -1;
    }

    OcspVerdict statusVerdict(int status)
    {
        switch (status) {
        case V_OCSP_CERTSTATUS_GOOD:
            return OcspVerdict::Good;
        case V_OCSP_CERTSTATUS_REVOKED:
            return OcspVerdict::Revoked;
        default:
            return OcspVerdict::Unavailable;
        }
    }

    OcspAnswer failed(OcspAnswer::Failure failure, std::string error)
    {
        OcspAnswer answer;
        answer.failure = failure;
        answer.error = std::move(error);
        return answer;
    }

    OcspAnswer ask(X509* certificate, X509* issuer, X509_STORE* store, STACK_OF(X509) * chain,
        const OcspTransport& transport, std::string url)
    {
        if (url.empty()) {
            url = ocspUrlOf(certificate);
        }
        if (url.empty()) {
            return failed(OcspAnswer::Failure::NoUrl, "no OCSP responder URL");
        }
        OcspRequestPtr request(crypto::check(OCSP_REQUEST_new(), "OCSP_REQUEST_new"));
        // SHA-1 CertID: what every responder matches (RFC 6960 4.1.1; the hash only names the
        // certificate, it signs nothing).
        OcspCertIdPtr id(
            crypto::check(OCSP_cert_to_id(EVP_sha1(), certificate, issuer), "OCSP_cert_to_id"));
        OCSP_CERTID* requestId = OCSP_CERTID_dup(id.get());
        if (requestId == nullptr || OCSP_request_add0_id(request.get(), requestId) == nullptr) {
            OCSP_CERTID_free(requestId);
            crypto::throwOpenSslError("OCSP_request_add0_id");
        }
        crypto::check(OCSP_request_add1_nonce(request.get(), nullptr, -1), "OCSP nonce");
        const auto der = crypto::toDer(request.get(), i2d_OCSP_REQUEST, "i2d_OCSP_REQUEST");

        Bytes received;
        try {
            received = transport(url, der);
        } catch (const std::exception& error) {
            return failed(OcspAnswer::Failure::Transport, error.what());
        }
        const unsigned char* cursor = received.data();
        OcspResponsePtr response(
            d2i_OCSP_RESPONSE(nullptr, &cursor, static_cast<long>(received.size())));
        if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
            return failed(OcspAnswer::Failure::Response, "not a successful OCSP response");
        }
        OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
        if (!basic || !nonceAcceptable(request.get(), basic.get())) {
            return failed(OcspAnswer::Failure::Response, "the response's nonce does not match");
        }
        if (OCSP_basic_verify(basic.get(), chain, store, 0) != 1) {
            return failed(
                OcspAnswer::Failure::Response, "the response's signature does not verify");
        }
        int status = -1;
        int reason = 0;
        ASN1_GENERALIZEDTIME* revokedAt = nullptr;
        ASN1_GENERALIZEDTIME* thisUpdate = nullptr;
        ASN1_GENERALIZEDTIME* nextUpdate = nullptr;
        if (OCSP_resp_find_status(
                basic.get(), id.get(), &status, &reason, &revokedAt, &thisUpdate, &nextUpdate)
                != 1
            || OCSP_check_validity(thisUpdate, nextUpdate, CLOCK_SKEW_SECONDS, -1) != 1) {
            return failed(OcspAnswer::Failure::Response, "no current status for the certificate");
        }
        OcspAnswer answer;
        answer.verdict = statusVerdict(status);
        if (answer.verdict == OcspVerdict::Unavailable) {
            answer.failure = OcspAnswer::Failure::Response;
            answer.error = "the responder does not know the certificate";
        }
        answer.basicResponse = crypto::toDer(basic.get(), i2d_OCSP_BASICRESP, "i2d_OCSP_BASICRESP");
        answer.producedAt = crypto::fromAsn1Time(OCSP_resp_get0_produced_at(basic.get()));
        answer.thisUpdate = crypto::fromAsn1Time(thisUpdate);
        return answer;
    }

} // namespace

OcspTransport httpOcspTransport()
{
    return [](const std::string& url, ByteView request) {
        return net::httpPost(url, "application/ocsp-request", request).body;
    };
}

std::string ocspUrlOf(X509* certificate)
{
    const StringStackPtr urls(X509_get1_ocsp(certificate));
    if (!urls || sk_OPENSSL_STRING_num(urls.get()) == 0) {
        return {};
    }
    return sk_OPENSSL_STRING_value(urls.get(), 0);
}

OcspAnswer queryOcsp(X509* certificate, X509* issuer, X509_STORE* store, STACK_OF(X509) * chain,
    const OcspTransport& transport, const std::string& url)
{
    try {
        auto answer = ask(certificate, issuer, store, chain, transport, url);
        ERR_clear_error();
        return answer;
    } catch (const std::exception& error) {
        // A malformed answer the parsers threw on: no status is no "good".
        ERR_clear_error();
        return failed(OcspAnswer::Failure::Response, error.what());
    }
}

OcspVerdict checkOcsp(X509* certificate, X509* issuer, X509_STORE* store, STACK_OF(X509) * chain,
    const OcspTransport& transport)
{
    return queryOcsp(certificate, issuer, store, chain, transport).verdict;
}

} // namespace tokenbridge::auth
