#include "AuthSupport.hpp"

#include "auth/AuthAlgorithm.hpp"
#include "auth/AuthToken.hpp"
#include "crypto/CsrBuilder.hpp"

namespace tokenbridge::auth::test
{

Holder issue(const crypto::test::TestCa& ca, crypto::KeyAlgorithm algorithm,
    std::vector<std::string> keyUsage, std::vector<std::string> extendedKeyUsage)
{
    Holder holder;
    const bool gost = algorithm == crypto::KeyAlgorithm::Gost2012_256
        || algorithm == crypto::KeyAlgorithm::Gost2012_512;
    holder.signer = std::make_unique<crypto::SoftwareSigner>(
        crypto::PrivateKey::generate(algorithm, gost ? "A" : ""));
    crypto::CsrRequest request;
    request.subject = { { "CN", "Иванов Иван" }, { "C", "RU" } };
    request.keyUsage = std::move(keyUsage);
    request.extendedKeyUsage = std::move(extendedKeyUsage);
    holder.certificate = ca.issue(crypto::buildCsr(*holder.signer, request));
    return holder;
}

std::string makeToken(Holder& holder, const std::string& origin, const std::string& nonce)
{
    const auto& algorithm = authAlgorithmOf(holder.signer->algorithm());
    const auto digest = authDigest(algorithm, origin, nonce);
    AuthToken token { std::string(TOKEN_FORMAT), holder.certificate, std::string(algorithm.name),
        toTokenSignature(algorithm.key, holder.signer->signDigest(digest)), "0.1.0" };
    return token.toJson().dump();
}

} // namespace tokenbridge::auth::test
