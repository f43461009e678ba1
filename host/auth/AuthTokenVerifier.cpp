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

    void checkChain(X509* certificate, const AuthVerifyOptions& options, std::time_t at)
    {
        crypto::X509StorePtr store(crypto::check(X509_STORE_new(), "X509_STORE_new"));
        for (const auto& root : options.trustedRoots) {
            crypto::check(X509_STORE_add_cert(store.get(), crypto::loadX509(root).get()),
                "X509_STORE_add_cert");
        }
        const auto untrusted = certificateStack(options.intermediates);
        crypto::X509StoreCtxPtr context(crypto::check(X509_STORE_CTX_new(), "X509_STORE_CTX_new"));
        crypto::check(X509_STORE_CTX_init(context.get(), store.get(), certificate, untrusted.get()),
            "X509_STORE_CTX_init");
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()), at);
        if (X509_verify_cert(context.get()) == 1) {
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
        checkChain(certificate.get(), options, at);
        if (authUsage(certificate.get()) != AuthUsage::Allowed) {
            throw Refusal { AuthFailure::KeyUsage };
        }
        checkSignature(token, algorithm, *key, origin, nonce);
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
