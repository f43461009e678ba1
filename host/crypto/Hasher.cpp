#include "Hasher.hpp"

namespace tokenbridge::crypto
{

namespace
{

    // Ends `ctx`'s digest: finish() on the hasher's own context, peek() on a copy of it.
    Bytes finalDigest(EVP_MD_CTX* ctx)
    {
        Bytes digest(EVP_MAX_MD_SIZE);
        unsigned int length = 0;
        check(EVP_DigestFinal_ex(ctx, digest.data(), &length), "EVP_DigestFinal_ex");
        digest.resize(length);
        return digest;
    }

} // namespace

Hasher::Hasher(HashAlgorithm algorithm) : _algorithm(algorithm), _ctx(EVP_MD_CTX_new())
{
    check(_ctx.get(), "EVP_MD_CTX_new");
    check(EVP_DigestInit_ex(_ctx.get(), evpMd(algorithm), nullptr), "EVP_DigestInit_ex");
}

Hasher& Hasher::update(ByteView chunk)
{
    if (_finished) {
        throw FatalError("Hasher::update after finish");
    }
    check(EVP_DigestUpdate(_ctx.get(), chunk.data(), chunk.size()), "EVP_DigestUpdate");
    return *this;
}

Bytes Hasher::finish()
{
    if (_finished) {
        throw FatalError("Hasher::finish called twice");
    }
    _finished = true;
    return finalDigest(_ctx.get());
}

Bytes Hasher::peek() const
{
    if (_finished) {
        throw FatalError("Hasher::peek after finish");
    }
    const EvpMdCtxPtr copy(EVP_MD_CTX_new());
    check(copy.get(), "EVP_MD_CTX_new");
    check(EVP_MD_CTX_copy_ex(copy.get(), _ctx.get()), "EVP_MD_CTX_copy_ex");
    return finalDigest(copy.get());
}

Bytes hash(HashAlgorithm algorithm, ByteView data)
{
    return Hasher(algorithm).update(data).finish();
}

} // namespace tokenbridge::crypto
