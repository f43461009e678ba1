#include "TestUtil.hpp"

#include "crypto/GostParamSet.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/SoftwareSigner.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

namespace
{

struct GeneratedCase
{
    KeyAlgorithm algorithm;
    const char* paramSet;
};

class GostKeyGeneration : public ::testing::TestWithParam<GeneratedCase>
{
};

TEST_P(GostKeyGeneration, GenerateExportImportSignVerify)
{
    const auto [algorithm, name] = GetParam();
    const auto& expected = findGostParamSet(algorithm, name);
    const PrivateKey key = PrivateKey::generate(algorithm, name);
    ASSERT_EQ(key.algorithm(), algorithm);
    const PublicKey publicKey = key.publicKey();
    EXPECT_EQ(publicKey.paramSetOid(), expected.oid);
    const std::size_t size = algorithm == KeyAlgorithm::Gost2012_256 ? 32 : 64;
    EXPECT_EQ(publicKey.gostRaw().size(), 2 * size);

    // Raw little-endian scalar round trip gives the same public key.
    const RawPrivateKey raw = key.toRaw();
    EXPECT_EQ(raw.paramSetOid, expected.oid);
    EXPECT_EQ(raw.scalarLittleEndian.size(), size);
    EXPECT_EQ(PrivateKey::fromRaw(raw).publicKey().gostRaw(), publicKey.gostRaw());

    // PKCS#8 DER and PEM round trips.
    EXPECT_EQ(PrivateKey::fromDer(key.toDer().view()).publicKey().spki(), publicKey.spki());
    const SecureBuffer pem = key.toPem();
    const std::string pemText(pem.data(), pem.data() + pem.size());
    EXPECT_NE(pemText.find("BEGIN PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(PrivateKey::fromPem(pemText).publicKey().spki(), publicKey.spki());

    // Public key from raw X_le || Y_le.
    EXPECT_EQ(PublicKey::fromGostRaw(algorithm, expected.oid, publicKey.gostRaw()).gostRaw(),
        publicKey.gostRaw());

    SoftwareSigner signer(PrivateKey::fromRaw(raw));
    const Bytes digest = hash(keyAlgorithmInfo(algorithm).digest, asBytes("message"));
    const Bytes signature = signer.signDigest(digest);
    EXPECT_EQ(signature.size(), 2 * size);
    EXPECT_TRUE(publicKey.verifyDigest(digest, signature));
    Bytes tampered = digest;
    tampered[0] ^= 1;
    EXPECT_FALSE(publicKey.verifyDigest(tampered, signature));
}

INSTANTIATE_TEST_SUITE_P(AllParamSets, GostKeyGeneration,
    ::testing::Values(GeneratedCase { KeyAlgorithm::Gost2012_256, "A" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "B" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "C" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "XA" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "XB" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "TCA" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "TCB" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "TCC" },
        GeneratedCase { KeyAlgorithm::Gost2012_256, "TCD" },
        GeneratedCase { KeyAlgorithm::Gost2012_512, "A" },
        GeneratedCase { KeyAlgorithm::Gost2012_512, "B" },
        GeneratedCase { KeyAlgorithm::Gost2012_512, "C" }));

TEST(Keys, UnknownParamSetIsARequestError)
{
    EXPECT_THROW(
        PrivateKey::generate(KeyAlgorithm::Gost2012_512, "TCA"), tokenbridge::RequestError);
}

TEST(Keys, EcdsaAndRsaSignVerifyAndDerRoundTrip)
{
    for (auto algorithm : { KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa }) {
        const PrivateKey key = PrivateKey::generate(algorithm);
        EXPECT_EQ(key.algorithm(), algorithm);
        EXPECT_EQ(
            PrivateKey::fromDer(key.toDer().view()).publicKey().spki(), key.publicKey().spki());
        EXPECT_THROW(static_cast<void>(key.toRaw()), tokenbridge::RequestError);
        SoftwareSigner signer(PrivateKey::fromDer(key.toDer().view()));
        const Bytes digest = hash(HashAlgorithm::Sha256, asBytes("message"));
        const Bytes signature = signer.signDigest(digest);
        const PublicKey publicKey = PublicKey::fromSpki(signer.publicKeySpki());
        EXPECT_TRUE(publicKey.verifyDigest(digest, signature));
        Bytes tampered = signature;
        tampered[tampered.size() / 2] ^= 0x10;
        EXPECT_FALSE(publicKey.verifyDigest(digest, tampered));
    }
}

TEST(Keys, WrongDigestLengthIsRejected)
{
    SoftwareSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    EXPECT_THROW(signer.signDigest(Bytes(64, 1)), tokenbridge::FatalError);
}

TEST(Keys, GarbageIsARequestError)
{
    EXPECT_THROW(PrivateKey::fromDer(fromHex("300100")), tokenbridge::RequestError);
    EXPECT_THROW(PublicKey::fromSpki(fromHex("3003020100")), tokenbridge::RequestError);
    EXPECT_THROW(
        PrivateKey::fromPem("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n"),
        tokenbridge::RequestError);
}

} // namespace
