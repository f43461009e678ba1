#include "Hashing.hpp"

#include "Token.hpp"

#include <openssl/evp.h>
#include <openssl/provider.h>

namespace tokenbridge::vtoken::pkcs11
{

struct HashLibrary::Providers
{
    OSSL_PROVIDER* base = nullptr;
    OSSL_PROVIDER* gost = nullptr; // null without libengine-gost-openssl: no Streebog then

    ~Providers()
    {
        for (OSSL_PROVIDER* provider : { gost, base }) {
            if (provider != nullptr) {
                OSSL_PROVIDER_unload(provider);
            }
        }
    }
};

void HashLibrary::ContextFree::operator()(ossl_lib_ctx_st* context) const
{
    OSSL_LIB_CTX_free(context);
}

HashLibrary::HashLibrary() : _context(OSSL_LIB_CTX_new()), _providers(std::make_unique<Providers>())
{
    if (!_context) {
        throw CkrFailure { CKR_HOST_MEMORY };
    }
    // Explicitly, both: a context that loads any provider no longer falls back to the default.
    _providers->base = OSSL_PROVIDER_load(_context.get(), "default");
    _providers->gost = OSSL_PROVIDER_load(_context.get(), "gostprov");
}

HashLibrary::~HashLibrary()
{
    _providers.reset();
}

void Digest::CtxFree::operator()(evp_md_ctx_st* ctx) const
{
    EVP_MD_CTX_free(ctx);
}

Digest::Digest(const HashLibrary& library, const std::string& name) : _ctx(EVP_MD_CTX_new())
{
    EVP_MD* md = EVP_MD_fetch(library.context(), name.c_str(), nullptr);
    // The context keeps its own reference to the algorithm.
    const bool ready = md != nullptr && _ctx && EVP_DigestInit_ex2(_ctx.get(), md, nullptr) == 1;
    if (ready) {
        _size = static_cast<size_t>(EVP_MD_get_size(md));
    }
    EVP_MD_free(md);
    if (!ready) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
}

Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::update(ByteView data)
{
    if (!data.empty() && EVP_DigestUpdate(_ctx.get(), data.data(), data.size()) != 1) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
}

Bytes Digest::finish()
{
    Bytes out(_size);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(_ctx.get(), out.data(), &length) != 1 || length != _size) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    return out;
}

} // namespace tokenbridge::vtoken::pkcs11
