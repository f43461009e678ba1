#pragma once

#include "core/Bytes.hpp"

#include <memory>
#include <string>

struct ossl_lib_ctx_st;
struct evp_md_ctx_st;

namespace tokenbridge::vtoken::pkcs11
{

// OpenSSL's names of the hashes the module uses (gostprov's for Streebog).
inline constexpr const char* STREEBOG_256 = "md_gost12_256";
inline constexpr const char* STREEBOG_512 = "md_gost12_512";
inline constexpr const char* SHA_1 = "SHA1";

// The hashes the module computes itself: Streebog for C_Digest and the hash-and-sign mechanisms
// (vtoken has no hashing command, docs/vtoken.md "PKCS#11 module"), SHA-1 for a derived CKA_ID.
// OpenSSL 3 in a library context of the module's own, with the default provider and
// gost-engine's gostprov (digests only, no keys: none are needed): the application's OpenSSL
// configuration, providers and engines are neither read nor changed.
class HashLibrary
{
public:
    HashLibrary();
    ~HashLibrary();
    HashLibrary(const HashLibrary&) = delete;
    HashLibrary& operator=(const HashLibrary&) = delete;

    ossl_lib_ctx_st* context() const { return _context.get(); }

private:
    struct ContextFree
    {
        void operator()(ossl_lib_ctx_st* context) const;
    };
    std::unique_ptr<ossl_lib_ctx_st, ContextFree> _context;
    struct Providers;
    std::unique_ptr<Providers> _providers; // unloaded before the context is freed
};

// One running digest (an EVP_MD_CTX). `name` is an OpenSSL digest name ("md_gost12_256",
// "SHA1"); throws CkrFailure{CKR_DEVICE_ERROR} when the library lacks it.
class Digest
{
public:
    Digest(const HashLibrary& library, const std::string& name);
    ~Digest();
    Digest(Digest&&) noexcept;
    Digest& operator=(Digest&&) noexcept;

    void update(ByteView data);
    // Ends the digest: it takes no more data.
    Bytes finish();
    size_t size() const { return _size; }

private:
    struct CtxFree
    {
        void operator()(evp_md_ctx_st* ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, CtxFree> _ctx;
    size_t _size = 0;
};

} // namespace tokenbridge::vtoken::pkcs11
