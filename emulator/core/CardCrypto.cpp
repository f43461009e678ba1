#include "CardCrypto.hpp"

#include "CardError.hpp"
#include "StatusWords.hpp"

#include "crypto/Der.hpp"
#include "crypto/GostParamSet.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/SoftwareKeyAgreement.hpp"
#include "crypto/SoftwareSigner.hpp"

namespace tokenbridge::vtoken
{

namespace
{

    crypto::KeyAlgorithm keyAlgorithm(uint8_t algorithm)
    {
        switch (algorithm) {
        case ALG_GOST256:
            return crypto::KeyAlgorithm::Gost2012_256;
        case ALG_GOST512:
            return crypto::KeyAlgorithm::Gost2012_512;
        default:
            throw CardError(sw::WRONG_DATA);
        }
    }

    const crypto::GostParamSet& paramSet(uint8_t algorithm, std::span<const uint8_t> der)
    {
        if (der.size() < 3 || der[0] != 0x06 || der[1] != der.size() - 2) {
            throw CardError(sw::WRONG_DATA);
        }
        const auto oid = crypto::der::oidToString(der.subspan(2));
        const auto* set = crypto::findGostParamSetByOid(oid);
        if (set == nullptr || set->algorithm != keyAlgorithm(algorithm)) {
            throw CardError(sw::WRONG_DATA);
        }
        return *set;
    }

} // namespace

size_t digestLength(uint8_t algorithm)
{
    return keyAlgorithm(algorithm) == crypto::KeyAlgorithm::Gost2012_256 ? 32 : 64;
}

GeneratedKey generateKey(uint8_t algorithm, std::span<const uint8_t> paramSetDer)
{
    const auto& set = paramSet(algorithm, paramSetDer);
    const auto key = crypto::PrivateKey::generate(set.algorithm, set.engineName);
    const auto raw = key.toRaw();
    GeneratedKey out;
    out.privateScalar.assign(raw.scalarLittleEndian.data(),
        raw.scalarLittleEndian.data() + raw.scalarLittleEndian.size());
    const auto pub = key.publicKey().gostRaw();
    out.publicKey.assign(pub.begin(), pub.end());
    return out;
}

Bytes signDigest(uint8_t algorithm, std::span<const uint8_t> paramSetDer,
    std::span<const uint8_t> privateScalar, std::span<const uint8_t> digest)
{
    const auto& set = paramSet(algorithm, paramSetDer);
    if (digest.size() != digestLength(algorithm)) {
        throw CardError(sw::WRONG_LENGTH);
    }
    crypto::RawPrivateKey raw;
    raw.algorithm = set.algorithm;
    raw.paramSetOid = std::string(set.oid);
    raw.scalarLittleEndian = crypto::SecureBuffer(privateScalar);
    crypto::SoftwareSigner signer(crypto::PrivateKey::fromRaw(raw));
    const auto signature = signer.signDigest(ByteView(digest.data(), digest.size()));
    return Bytes(signature.begin(), signature.end());
}

Bytes agreeKeg(uint8_t algorithm, std::span<const uint8_t> paramSetDer,
    std::span<const uint8_t> privateScalar, std::span<const uint8_t> peerPublic,
    std::span<const uint8_t> ukm)
{
    const auto& set = paramSet(algorithm, paramSetDer);
    if (peerPublic.size() != 2 * digestLength(algorithm) || ukm.size() != 32) {
        throw CardError(sw::WRONG_LENGTH);
    }
    crypto::RawPrivateKey raw;
    raw.algorithm = set.algorithm;
    raw.paramSetOid = std::string(set.oid);
    raw.scalarLittleEndian = crypto::SecureBuffer(privateScalar);
    const auto key = crypto::PrivateKey::fromRaw(raw);
    try {
        const auto peer = crypto::PublicKey::fromGostRaw(
            set.algorithm, set.oid, ByteView(peerPublic.data(), peerPublic.size()));
        const auto secret = crypto::softwareKeg(key, peer.spki(), ByteView(ukm.data(), ukm.size()));
        return Bytes(secret.data(), secret.data() + secret.size());
    } catch (const RequestError&) {
        throw CardError(sw::WRONG_DATA); // not a point of the key's curve
    }
}

} // namespace tokenbridge::vtoken
