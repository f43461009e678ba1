#include "AuthTokenVerifier.hpp"

#include "AuthAlgorithm.hpp"
#include "AuthKeyUsage.hpp"
#include "AuthToken.hpp"
#include "ChallengeNonce.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/PublicKey.hpp"
#include "crypto/Time.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

namespace tokenbridge::auth
{

namespace
{

    struct FailureName
    {
        AuthFailure failure;
        std::string_view name;
    };

    constexpr FailureName NAMES[] = {
        { AuthFailure::Format, "format" },
        { AuthFailure::Certificate, "certificate" },
        { AuthFailure::Algorithm, "algorithm" },
        { AuthFailure::Signature, "signature" },
        { AuthFailure::Untrusted, "untrusted" },
        { AuthFailure::Expired, "expired" },
        { AuthFailure::NotYetValid, "not-yet-valid" },
        { AuthFailure::KeyUsage, "key-usage" },
        { AuthFailure::Revoked, "revoked" },
        { AuthFailure::OcspUnavailable, "ocsp-unavailable" },
    };

    // OpenSSL's chain errors that are about time; every other one means "no trusted chain".
    struct ChainTimeError
    {
        int error;
        AuthFailure failure;
    };

    constexpr ChainTimeError CHAIN_TIME_ERRORS[] = {
        { X509_V_ERR_CERT_HAS_EXPIRED, AuthFailure::Expired },
        { X509_V_ERR_CERT_NOT_YET_VALID, AuthFailure::NotYetValid },
    };

    // A failed check, carried out of the sequence of checks.
    struct Refusal
    {
        AuthFailure failure;
    };

    std::time_t verificationTime(const AuthVerifyOptions& options)
    {
        return options.at ? *options.at : std::time(nullptr);
    }

    void checkValidity(X509* certificate, std::time_t at)
    {
        if (X509_cmp_time(X509_get0_notBefore(certificate), &at) > 0) {
            throw Refusal { AuthFailure::NotYetValid };
        }
        if (X509_cmp_time(X509_get0_notAfter(certificate), &at) < 0) {
            throw Refusal { AuthFailure::Expired };
        }
    }

    crypto::X509StackPtr certificateStack(const std::vector<Bytes>& certificates)
    {
        crypto::X509StackPtr stack(crypto::check(sk_X509_new_null(), "sk_X509_new_null"));
        for (const auto& der : certificates) {
            auto certificate = crypto::loadX509(der);
            crypto::check(sk_X509_push(stack.get(), certificate.get()) > 0 ? 1 : 0, "sk_X509_push");
            certificate.release(); // the stack owns it now
        }
        return stack;
    }

    // The trusted roots and the helpers of one verification; the verified chain once built.
    struct Trust
    {
        crypto::X509StorePtr store;
        crypto::X509StackPtr intermediates;
        crypto::X509StackPtr chain; // leaf first, the trusted root last
    };

    Trust makeTrust(const AuthVerifyOptions& options)
    {
        Trust trust { crypto::X509StorePtr(crypto::check(X509_STORE_new(), "X509_STORE_new")),
            certificateStack(options.intermediates), nullptr };
        for (const auto& root : options.trustedRoots) {
            crypto::check(X509_STORE_add_cert(trust.store.get(), crypto::loadX509(root).get()),
                "X509_STORE_add_cert");
        }
        return trust;
    }

    void checkChain(X509* certificate, Trust& trust, std::time_t at)
    {
        crypto::X509StoreCtxPtr context(crypto::check(X509_STORE_CTX_new(), "X509_STORE_CTX_new"));
        crypto::check(X509_STORE_CTX_init(
                          context.get(), trust.store.get(), certificate, trust.intermediates.get()),
            "X509_STORE_CTX_init");
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()), at);
        if (X509_verify_cert(context.get()) == 1) {
            trust.chain.reset(X509_STORE_CTX_get1_chain(context.get()));
            return;
        }
        const int error = X509_STORE_CTX_get_error(context.get());
        ERR_clear_error();
        for (const auto& entry : CHAIN_TIME_ERRORS) {
            if (entry.error == error) {
                throw Refusal { entry.failure };
            }
        }
        throw Refusal { AuthFailure::Untrusted };
    }

    void checkRevocation(X509* certificate, const Trust& trust, const AuthVerifyOptions& options)
    {
        // A self-signed leaf is its own issuer (and has no one to ask); otherwise the next one.
        const int length = sk_X509_num(trust.chain.get());
        X509* issuer = sk_X509_value(trust.chain.get(), length > 1 ? 1 : 0);
        const auto transport = options.ocspTransport ? options.ocspTransport : httpOcspTransport();
        switch (checkOcsp(certificate, issuer, trust.store.get(), trust.chain.get(), transport)) {
        case OcspVerdict::Good:
            return;
        case OcspVerdict::Revoked:
            throw Refusal { AuthFailure::Revoked };
        case OcspVerdict::Unavailable:
            throw Refusal { AuthFailure::OcspUnavailable };
        }
    }

    void checkSignature(const AuthToken& token, const AuthAlgorithmInfo& algorithm,
        const crypto::PublicKey& key, std::string_view origin, std::string_view nonce)
    {
        const std::size_t expected = algorithm.signatureSize != 0
            ? algorithm.signatureSize
            : static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
        if (token.signature.size() != expected) {
            throw Refusal { AuthFailure::Signature };
        }
        const auto digest = authDigest(algorithm, origin, nonce);
        const auto signature = fromTokenSignature(algorithm.key, token.signature);
        if (!key.verifyDigest(digest, signature)) {
            throw Refusal { AuthFailure::Signature };
        }
    }

    void describeCertificate(AuthVerifyResult& result, const crypto::CertificateInfo& info)
    {
        result.subject = info.subjectDn;
        result.issuer = info.issuerDn;
        result.serial = info.serialNumber;
        result.notAfter = info.notAfter;
    }

    void verifyInto(AuthVerifyResult& result, std::string_view tokenText, std::string_view origin,
        std::string_view nonce, const AuthVerifyOptions& options)
    {
        AuthToken token;
        try {
            token = parseAuthToken(tokenText);
        } catch (const TokenFormatError&) {
            throw Refusal { AuthFailure::Format };
        }
        crypto::X509Ptr certificate;
        std::optional<crypto::PublicKey> key;
        try {
            const auto info = crypto::parseCertificate(token.unverifiedCertificate);
            // DER and nothing else: not PEM, no bytes after the certificate.
            if (info.der != token.unverifiedCertificate) {
                throw Refusal { AuthFailure::Certificate };
            }
            certificate = crypto::loadX509(info.der);
            key.emplace(crypto::PublicKey::fromSpki(info.spki));
            describeCertificate(result, info);
        } catch (const Error&) {
            // Whatever the parsers refuse (not X.509, a key of no supported algorithm, a bad time
            // field) is the token's certificate at fault, not the verifier.
            throw Refusal { AuthFailure::Certificate };
        }
        const auto& algorithm = *findAuthAlgorithm(token.algorithm); // the parser checked it
        if (key->algorithm() != algorithm.key) {
            throw Refusal { AuthFailure::Algorithm };
        }
        const auto at = verificationTime(options);
        checkValidity(certificate.get(), at);
        auto trust = makeTrust(options);
        checkChain(certificate.get(), trust, at);
        if (authUsage(certificate.get()) != AuthUsage::Allowed) {
            throw Refusal { AuthFailure::KeyUsage };
        }
        checkSignature(token, algorithm, *key, origin, nonce);
        // Last: the one check that leaves the machine is made only for an otherwise valid token.
        if (options.ocsp) {
            checkRevocation(certificate.get(), trust, options);
        }
    }

} // namespace

std::string_view failureName(AuthFailure failure)
{
    for (const auto& entry : NAMES) {
        if (entry.failure == failure) {
            return entry.name;
        }
    }
    return "unknown";
}

nlohmann::json AuthVerifyResult::toJson() const
{
    const auto text = [](const std::optional<std::string>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    nlohmann::json json { { "valid", valid }, { "subject", text(subject) },
        { "issuer", text(issuer) }, { "serial", text(serial) },
        { "notAfter", notAfter ? nlohmann::json(crypto::toIsoTime(*notAfter)) : nullptr } };
    if (failure) {
        json["reason"] = failureName(*failure);
    }
    return json;
}

AuthVerifyResult verifyAuthToken(std::string_view tokenText, std::string_view origin,
    std::string_view nonce, const AuthVerifyOptions& options)
{
    checkChallengeNonce(nonce);
    crypto::ensureGostEngine();
    // The caller's own inputs first: a root that is no certificate is an error, not a refusal.
    for (const auto& root : options.trustedRoots) {
        crypto::loadX509(root);
    }
    for (const auto& certificate : options.intermediates) {
        crypto::loadX509(certificate);
    }
    AuthVerifyResult result;
    try {
        verifyInto(result, tokenText, origin, nonce, options);
        result.valid = true;
    } catch (const Refusal& refusal) {
        result.failure = refusal.failure;
    }
    return result;
}

} // namespace tokenbridge::auth
