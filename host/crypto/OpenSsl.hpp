#pragma once

// RAII owners for every OpenSSL object the crypto core touches, and the one place that turns the
// OpenSSL error queue into an exception. Internal to host/crypto (callers use the typed wrappers).

#include "core/Bytes.hpp"
#include "core/Error.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace tokenbridge::crypto
{

template <typename T, void (*Free)(T*)> struct OpenSslDeleter
{
    void operator()(T* object) const noexcept { Free(object); }
};

template <typename T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<T, Free>>;

using BioPtr = OpenSslPtr<BIO, BIO_free_all>;
using BignumPtr = OpenSslPtr<BIGNUM, BN_clear_free>;
using BnCtxPtr = OpenSslPtr<BN_CTX, BN_CTX_free>;
using EvpPkeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpCipherCtxPtr = OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using X509StorePtr = OpenSslPtr<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = OpenSslPtr<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509ReqPtr = OpenSslPtr<X509_REQ, X509_REQ_free>;
using CmsPtr = OpenSslPtr<CMS_ContentInfo, CMS_ContentInfo_free>;
using Pkcs8Ptr = OpenSslPtr<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;

inline void freeX509Stack(STACK_OF(X509) * stack)
{
    sk_X509_pop_free(stack, X509_free);
}
using X509StackPtr = OpenSslPtr<STACK_OF(X509), freeX509Stack>;

// Throws FatalError("<what>: <first OpenSSL error>") and clears the queue. OpenSSL error strings
// never contain key material, so they are safe in the message.
[[noreturn]] void throwOpenSslError(const std::string& what);
// Same text, but as a RequestError (malformed input supplied by the caller).
[[noreturn]] void throwOpenSslInputError(const std::string& what);

// Drains the error queue into a string (used when a failure is reported as a result, not thrown).
std::string takeOpenSslError();

// Checks an OpenSSL return value: 1 (or a non-null pointer) is success.
inline void check(int result, const char* what)
{
    if (result != 1) {
        throwOpenSslError(what);
    }
}
template <typename T> T* check(T* result, const char* what)
{
    if (result == nullptr) {
        throwOpenSslError(what);
    }
    return result;
}

// The DER encoding of an OpenSSL object through its i2d_* function (sized first, then written).
template <typename T, typename I2d> Bytes toDer(T* object, I2d i2d, const char* what)
{
    const int length = i2d(object, nullptr);
    if (length <= 0) {
        throwOpenSslError(what);
    }
    Bytes out(static_cast<std::size_t>(length));
    unsigned char* cursor = out.data();
    i2d(object, &cursor);
    return out;
}

} // namespace tokenbridge::crypto
