#pragma once

#include "core/Bytes.hpp"

#include <openssl/x509.h>

#include <ctime>
#include <functional>
#include <optional>
#include <string>

namespace tokenbridge::auth
{

// The revocation status of a certificate as its issuer's OCSP responder states it (RFC 6960).
enum class OcspVerdict {
    Good,
    Revoked,
    // No usable answer: no responder URL in authorityInfoAccess, the responder unreachable or
    // failing, a response not signed by the issuer or its delegated responder, a nonce that does
    // not match, a stale or future response, status "unknown".
    Unavailable,
};

// Sends a DER OCSPRequest to `url`, returns the DER OCSPResponse (HttpClient in production, a
// stand-in in tests); throws anything on failure (reported as Unavailable).
using OcspTransport = std::function<Bytes(const std::string& url, ByteView request)>;

// POST application/ocsp-request through net::httpPost (5 s connect, 20 s total, 1 MiB).
OcspTransport httpOcspTransport();

// One exchange with a responder, kept whole for callers that store the evidence (CAdES-X Long
// revocation-values) and must tell "no answer" from "a wrong answer".
struct OcspAnswer
{
    OcspVerdict verdict = OcspVerdict::Unavailable;
    // Why there is no verdict: NoUrl (none given, none in authorityInfoAccess), Transport (the
    // responder could not be reached or answered HTTP errors), Response (it answered something
    // unusable: not OCSP, not successful, a bad signature or nonce, stale, status unknown).
    enum class Failure { None, NoUrl, Transport, Response } failure = Failure::None;
    std::string error; // a short reason when failure != None
    Bytes basicResponse; // DER BasicOCSPResponse of a verified answer
    std::time_t producedAt = 0;
    std::time_t thisUpdate = 0;
};

// The first OCSP URL of the certificate's authorityInfoAccess; empty if none.
std::string ocspUrlOf(X509* certificate);

// As checkOcsp, with the responder's URL given (empty: the certificate's authorityInfoAccess).
OcspAnswer queryOcsp(X509* certificate, X509* issuer, X509_STORE* store, STACK_OF(X509) * chain,
    const OcspTransport& transport, const std::string& url = {});

// Asks the responder of `certificate`'s authorityInfoAccess about it. `issuer` issued it;
// `store` holds the trusted roots the response's signer must chain to (the issuer itself or a
// responder it delegated with id-kp-OCSPSigning, RFC 6960 4.2.2.2); `chain` the certificates
// that may help build that chain.
OcspVerdict checkOcsp(X509* certificate, X509* issuer, X509_STORE* store, STACK_OF(X509) * chain,
    const OcspTransport& transport);

} // namespace tokenbridge::auth
