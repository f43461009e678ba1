#include "Timestamp.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/Der.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/Time.hpp"
#include "net/HttpClient.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

namespace tokenbridge::cades
{

namespace
{

    using TstInfoPtr = crypto::OpenSslPtr<TS_TST_INFO, TS_TST_INFO_free>;
    using TsRespPtr = crypto::OpenSslPtr<TS_RESP, TS_RESP_free>;

    // CMS_get0_signers: a new stack of borrowed certificates.
    inline void freeStackOnly(STACK_OF(X509) * stack)
    {
        sk_X509_free(stack);
    }
    using BorrowedStackPtr = crypto::OpenSslPtr<STACK_OF(X509), freeStackOnly>;

    constexpr std::size_t NONCE_BYTES = 8;
    // PKIStatus granted (0) and grantedWithMods (1), RFC 3161 2.4.2.
    constexpr long GRANTED_WITH_MODS = 1;

    [[noreturn]] void tsaError(const std::string& message)
    {
        throw RetryableError(ErrorCode::TSA_ERROR, "the timestamp server's answer: " + message);
    }

    Bytes randomNonce()
    {
        Bytes nonce(NONCE_BYTES);
        if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
            throw FatalError("RAND_bytes failed");
        }
        nonce[0] &= 0x7f; // a positive INTEGER without a sign byte
        nonce[0] |= 0x01; // never a shorter encoding
        return nonce;
    }

    // TimeStampReq { version 1, messageImprint, reqPolicy?, nonce, certReq TRUE } (RFC 3161 2.4.1)
    Bytes buildQuery(const TimestampRequest& request, ByteView nonce)
    {
        const auto& info = crypto::hashInfo(request.algorithm);
        const bool nullParameters = request.algorithm == crypto::HashAlgorithm::Sha256
            || request.algorithm == crypto::HashAlgorithm::Sha1;
        std::vector<Bytes> fields { crypto::der::integer(1),
            crypto::der::sequence({ crypto::der::algorithm(info.oid, nullParameters),
                crypto::der::octetString(crypto::hash(request.algorithm, request.data)) }) };
        if (!request.policy.empty()) {
            fields.push_back(crypto::der::oid(request.policy));
        }
        fields.push_back(crypto::der::integerUnsigned(nonce));
        fields.push_back(crypto::der::boolean(true));
        return crypto::der::sequence(fields);
    }

    std::string objectText(const ASN1_OBJECT* object)
    {
        char buffer[128];
        const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
        return length > 0 ? std::string(buffer) : "";
    }

    // The TSA certificate may time-stamp and nothing else: RFC 3161 2.3.
    bool timestampingOnly(X509* certificate)
    {
        const int index = X509_get_ext_by_NID(certificate, NID_ext_key_usage, -1);
        return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(certificate, index)) == 1
            && (X509_get_extension_flags(certificate) & EXFLAG_XKUSAGE) != 0
            && X509_get_extended_key_usage(certificate) == XKU_TIMESTAMP;
    }

    struct Checked
    {
        TimestampInfo info;
        TstInfoPtr tst;
    };

    // Signature, TSA certificate and the imprint over `data`; fills info.error on the first
    // failure.
    Checked check(ByteView token, ByteView data)
    {
        crypto::ensureGostEngine();
        Checked out;
        auto& info = out.info;
        const unsigned char* cursor = token.data();
        crypto::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(token.size())));
        if (!cms || OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_id_smime_ct_TSTInfo) {
            info.error = "not a time-stamp token";
            return out;
        }
        ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
        if (content == nullptr || *content == nullptr) {
            info.error = "the token has no TSTInfo";
            return out;
        }
        const unsigned char* tstCursor = ASN1_STRING_get0_data(*content);
        out.tst.reset(d2i_TS_TST_INFO(nullptr, &tstCursor, ASN1_STRING_length(*content)));
        if (!out.tst) {
            info.error = "the token's TSTInfo is malformed";
            return out;
        }
        info.time = crypto::fromAsn1Time(TS_TST_INFO_get_time(out.tst.get()));
        info.policy = objectText(TS_TST_INFO_get_policy_id(out.tst.get()));
        crypto::BioPtr sink(BIO_new(BIO_s_null()));
        const bool signatureValid = CMS_verify(cms.get(), nullptr, nullptr, nullptr, sink.get(),
                                        CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY)
            == 1;
        const BorrowedStackPtr signers(CMS_get0_signers(cms.get()));
        X509* tsaCertificate =
            signers && sk_X509_num(signers.get()) == 1 ? sk_X509_value(signers.get(), 0) : nullptr;
        if (tsaCertificate != nullptr) {
            info.tsaCertificate = crypto::x509Der(tsaCertificate);
            info.tsa = crypto::parseCertificate(*info.tsaCertificate).subjectDn;
        }
        ERR_clear_error();
        if (!signatureValid || tsaCertificate == nullptr) {
            info.error = "the token's signature does not verify (or carries no TSA certificate)";
            return out;
        }
        if (!timestampingOnly(tsaCertificate)) {
            info.error = "the TSA certificate lacks a critical timeStamping extended key usage";
            return out;
        }
        const TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(out.tst.get());
        const X509_ALGOR* algorithm = TS_MSG_IMPRINT_get_algo(const_cast<TS_MSG_IMPRINT*>(imprint));
        const auto* hashInfo = crypto::findHashByOid(objectText(algorithm->algorithm));
        const ASN1_OCTET_STRING* digest =
            TS_MSG_IMPRINT_get_msg(const_cast<TS_MSG_IMPRINT*>(imprint));
        if (hashInfo == nullptr
            || crypto::hash(hashInfo->algorithm, data)
                != Bytes(ASN1_STRING_get0_data(digest),
                    ASN1_STRING_get0_data(digest) + ASN1_STRING_length(digest))) {
            info.error = "the token's imprint is not the digest of the time-stamped data";
            return out;
        }
        info.valid = true;
        return out;
    }

    Bytes post(const TimestampRequest& request, const Fetch& fetch, ByteView query)
    {
        try {
            return fetch(request.url, "application/timestamp-query", query);
        } catch (const net::HttpError& error) {
            if (error.kind() == net::HttpError::Kind::TooLarge) {
                tsaError(error.what());
            }
            throw RetryableError(ErrorCode::TSA_UNAVAILABLE,
                std::string("the timestamp server cannot be reached: ") + error.what(),
                { { "url", request.url } });
        }
    }

} // namespace

Bytes requestTimestamp(const TimestampRequest& request, const Fetch& fetch)
{
    const Bytes nonce = randomNonce();
    const Bytes answer = post(request, fetch, buildQuery(request, nonce));
    const unsigned char* cursor = answer.data();
    const TsRespPtr response(d2i_TS_RESP(nullptr, &cursor, static_cast<long>(answer.size())));
    ERR_clear_error();
    if (!response) {
        tsaError("not a TimeStampResp");
    }
    const long status =
        ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response.get())));
    if (status < 0 || status > GRANTED_WITH_MODS || TS_RESP_get_token(response.get()) == nullptr) {
        tsaError("the request was refused (status " + std::to_string(status) + ")");
    }
    const Bytes token = crypto::toDer(TS_RESP_get_token(response.get()), i2d_PKCS7, "i2d_PKCS7");
    auto checked = check(token, request.data);
    if (!checked.info.valid) {
        tsaError(checked.info.error);
    }
    const ASN1_INTEGER* echoed = TS_TST_INFO_get_nonce(checked.tst.get());
    const Bytes expected = crypto::der::integerUnsigned(nonce);
    if (echoed == nullptr
        || crypto::toDer(const_cast<ASN1_INTEGER*>(echoed), i2d_ASN1_INTEGER, "nonce")
            != expected) {
        tsaError("the nonce is not ours");
    }
    if (!request.policy.empty() && checked.info.policy != request.policy) {
        tsaError("the policy is not the one asked for");
    }
    return token;
}

TimestampInfo inspectTimestamp(ByteView token, ByteView data)
{
    try {
        return check(token, data).info;
    } catch (const Error& error) {
        ERR_clear_error();
        TimestampInfo info;
        info.error = error.what();
        return info;
    }
}

} // namespace tokenbridge::cades
