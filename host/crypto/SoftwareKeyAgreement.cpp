#include "SoftwareKeyAgreement.hpp"

#include "GostEngine.hpp"
#include "PublicKey.hpp"

namespace tokenbridge::crypto
{

SecureBuffer softwareKeg(const PrivateKey& key, ByteView ephemeralSpki, ByteView ukm)
{
    ensureGostEngine();
    if (ukm.size() != KeyAgreement::UKM_SIZE) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "the key agreement's UKM must be 32 bytes");
    }
    const auto algorithm = key.algorithm();
    if (algorithm != KeyAlgorithm::Gost2012_256 && algorithm != KeyAlgorithm::Gost2012_512) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "KEG needs a GOST R 34.10-2012 key");
    }
    const auto peer = PublicKey::fromSpki(ephemeralSpki);
    if (peer.algorithm() != algorithm || peer.paramSetOid() != key.publicKey().paramSetOid()) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the ephemeral key is not on the recipient key's curve");
    }
    EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new(key.get(), nullptr), "EVP_PKEY_CTX_new"));
    check(EVP_PKEY_derive_init(ctx.get()), "EVP_PKEY_derive_init");
    if (EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1) {
        throwOpenSslInputError("the ephemeral public key");
    }
    // A 32-byte UKM selects KEG (a shorter one would be the old VKO).
    Bytes ukmCopy(ukm.begin(), ukm.end());
    if (EVP_PKEY_CTX_ctrl(ctx.get(), -1, EVP_PKEY_OP_DERIVE, EVP_PKEY_CTRL_SET_IV,
            static_cast<int>(ukmCopy.size()), ukmCopy.data())
        <= 0) {
        throwOpenSslError("KEG UKM");
    }
    std::size_t length = KeyAgreement::KEG_SIZE;
    SecureBuffer out(length);
    check(EVP_PKEY_derive(ctx.get(), out.data(), &length), "EVP_PKEY_derive (KEG)");
    if (length != KeyAgreement::KEG_SIZE) {
        throw FatalError("KEG returned an unexpected length");
    }
    return out;
}

} // namespace tokenbridge::crypto
