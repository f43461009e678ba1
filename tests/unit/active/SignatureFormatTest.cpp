#include "modes/active/SignatureFormat.hpp"

#include "crypto/Hasher.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/SoftwareSigner.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <openssl/ecdsa.h>

namespace tokenbridge::modes::active
{
namespace
{

    using crypto::KeyAlgorithm;

    // DER ECDSA-Sig-Value -> r || s with 32-byte halves (what CKM_ECDSA returns for P-256).
    Bytes rawRs(const Bytes& der)
    {
        const unsigned char* cursor = der.data();
        ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
        EXPECT_NE(sig, nullptr);
        Bytes out(64);
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), out.data(), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), out.data() + 32, 32);
        ECDSA_SIG_free(sig);
        return out;
    }

    TEST(SignatureFormat, RsaGetsADigestInfo)
    {
        const Bytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, asBytes("abc"));
        const Bytes input = signInput(KeyAlgorithm::Rsa, digest);
        EXPECT_EQ(toHex(input), "3031300d060960864801650304020105000420" + toHex(digest));
    }

    TEST(SignatureFormat, GostAndEcdsaGetTheDigestUnchanged)
    {
        const Bytes d256(32, 0xAB);
        const Bytes d512(64, 0xCD);
        EXPECT_EQ(signInput(KeyAlgorithm::Gost2012_256, d256), d256);
        EXPECT_EQ(signInput(KeyAlgorithm::Gost2012_512, d512), d512);
        EXPECT_EQ(signInput(KeyAlgorithm::EcdsaP256, d256), d256);
        EXPECT_THROW(signInput(KeyAlgorithm::Gost2012_512, d256), RequestError);
        EXPECT_THROW(signInput(KeyAlgorithm::Gost2012_256, d512), RequestError);
        EXPECT_THROW(signInput(KeyAlgorithm::Rsa, d512), RequestError);
    }

    TEST(SignatureFormat, EcdsaRawBecomesDerThatVerifies)
    {
        const auto key = crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256);
        crypto::SoftwareSigner signer(crypto::PrivateKey::fromDer(key.toDer().view()));
        const Bytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, asBytes("hello"));
        // Take a real signature apart into the token's r || s form, then re-encode it.
        const Bytes rs = rawRs(signer.signDigest(digest));
        const Bytes der = encodeSignature(KeyAlgorithm::EcdsaP256, rs);
        EXPECT_TRUE(key.publicKey().verifyDigest(digest, der));
        Bytes tampered = rs;
        tampered[10] ^= 1;
        EXPECT_FALSE(key.publicKey().verifyDigest(
            digest, encodeSignature(KeyAlgorithm::EcdsaP256, tampered)));
        EXPECT_ANY_THROW(encodeSignature(KeyAlgorithm::EcdsaP256, Bytes(63, 1)));
    }

    TEST(SignatureFormat, GostIsPassedThroughWithLengthChecks)
    {
        // s || r from the token is already the CMS/X.509 form; only the length is checked.
        const auto key = crypto::PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A");
        crypto::SoftwareSigner signer(crypto::PrivateKey::fromDer(key.toDer().view()));
        const Bytes digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("x"));
        const Bytes sig = signer.signDigest(signInput(KeyAlgorithm::Gost2012_256, digest));
        EXPECT_EQ(encodeSignature(KeyAlgorithm::Gost2012_256, sig), sig);
        EXPECT_TRUE(
            key.publicKey().verifyDigest(digest, encodeSignature(KeyAlgorithm::Gost2012_256, sig)));
        EXPECT_ANY_THROW(encodeSignature(KeyAlgorithm::Gost2012_256, Bytes(128, 1)));
        EXPECT_ANY_THROW(encodeSignature(KeyAlgorithm::Gost2012_512, Bytes(64, 1)));
    }

} // namespace
} // namespace tokenbridge::modes::active
