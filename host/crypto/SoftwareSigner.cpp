#include "SoftwareSigner.hpp"

#include <openssl/rsa.h>

namespace tokenbridge::crypto
{

Bytes SoftwareSigner::signDigest(ByteView digest)
{
    const auto& info = keyAlgorithmInfo(algorithm());
    if (digest.size() != hashInfo(info.digest).size) {
        throw FatalError("signDigest: digest length does not match the key's hash algorithm");
    }
    EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new(_key.get(), nullptr), "EVP_PKEY_CTX_new"));
    check(EVP_PKEY_sign_init(ctx.get()), "EVP_PKEY_sign_init");
    if (info.algorithm == KeyAlgorithm::Rsa) {
        check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING), "set_rsa_padding");
        check(EVP_PKEY_CTX_set_signature_md(ctx.get(), evpMd(info.digest)), "set_signature_md");
    }
    // The gost engine reads the digest as a little-endian integer (GOST R 34.10-2012 §6.1) and
    // returns s || r, which is the X.509/CMS encoding as is.
    std::size_t length = 0;
    check(EVP_PKEY_sign(ctx.get(), nullptr, &length, digest.data(), digest.size()),
        "EVP_PKEY_sign(size)");
    Bytes signature(length);
    check(EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest.data(), digest.size()),
        "EVP_PKEY_sign");
    signature.resize(length);
    return signature;
}

} // namespace tokenbridge::crypto
