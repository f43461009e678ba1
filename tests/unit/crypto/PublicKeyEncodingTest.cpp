#include "crypto/PublicKeyEncoding.hpp"

#include "crypto/Der.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/Oids.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/PublicKey.hpp"

#include <gtest/gtest.h>

#include <openssl/core_names.h>

namespace tokenbridge::crypto
{
namespace
{

    Bytes ecPoint(EVP_PKEY* key)
    {
        Bytes point(133);
        size_t length = 0;
        EXPECT_EQ(EVP_PKEY_get_octet_string_param(
                      key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(), &length),
            1);
        point.resize(length);
        return point;
    }

    Bytes bignumParam(EVP_PKEY* key, const char* name)
    {
        BIGNUM* raw = nullptr;
        EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &raw), 1);
        const crypto::BignumPtr value(raw);
        Bytes out(static_cast<std::size_t>(BN_num_bytes(value.get())));
        BN_bn2bin(value.get(), out.data());
        return out;
    }

    TEST(PublicKeyEncoding, EcPointInBothEncodings)
    {
        const auto key = crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256);
        const Bytes point = ecPoint(key.get());
        ASSERT_EQ(point.size(), 65u);
        ASSERT_EQ(point[0], 0x04);
        const Bytes params = crypto::der::oid(crypto::oid::PRIME256V1);
        const Bytes expected = crypto::spkiOf(key.get());
        EXPECT_EQ(ecSpki(params, crypto::der::octetString(point)), expected); // PKCS#11 2.40
        EXPECT_EQ(ecSpki(params, point), expected); // bare point (older modules)
        EXPECT_EQ(unwrapEcPoint(crypto::der::octetString(point)), point);
        EXPECT_EQ(keyIdFromSpki(expected), crypto::hash(crypto::HashAlgorithm::Sha1, point));
    }

    // A bare point whose first X byte is 0x3F reads as a DER OCTET STRING of the 63 bytes that
    // follow: it is still the point (found once by chance in a CI run, 1 key in 256).
    TEST(PublicKeyEncoding, ABarePointThatLooksLikeDerIsStillThePoint)
    {
        for (int attempt = 0; attempt < 5000; ++attempt) {
            const auto key = crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256);
            const Bytes point = ecPoint(key.get());
            if (point[1] != 0x3F) {
                continue;
            }
            const Bytes params = crypto::der::oid(crypto::oid::PRIME256V1);
            EXPECT_EQ(ecSpki(params, point), crypto::spkiOf(key.get()));
            EXPECT_EQ(ecSpki(params, crypto::der::octetString(point)), crypto::spkiOf(key.get()));
            return;
        }
        FAIL() << "no key with X starting 3F in 5000 (expected about 1 in 256)";
    }

    TEST(PublicKeyEncoding, EcRejectsGarbage)
    {
        const Bytes params = crypto::der::oid(crypto::oid::PRIME256V1);
        EXPECT_ANY_THROW(ecSpki(params, fromHex("0401020304")));
        EXPECT_ANY_THROW(ecSpki(fromHex("0500"), fromHex("04")));
    }

    TEST(PublicKeyEncoding, Rsa)
    {
        const auto key = crypto::PrivateKey::generate(KeyAlgorithm::Rsa);
        const Bytes modulus = bignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N);
        const Bytes exponent = bignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E);
        const Bytes spki = rsaSpki(modulus, exponent);
        EXPECT_EQ(spki, crypto::spkiOf(key.get()));
        EXPECT_EQ(keyIdFromSpki(spki), crypto::hash(crypto::HashAlgorithm::Sha1, modulus));
        EXPECT_ANY_THROW(rsaSpki({}, exponent));
    }

    struct GostCase
    {
        KeyAlgorithm algorithm;
        const char* paramSet;
        const char* oid;
    };

    TEST(PublicKeyEncoding, GostRawValueBecomesRfc9215Spki)
    {
        const GostCase cases[] = {
            { KeyAlgorithm::Gost2012_256, "A", "1.2.643.2.2.35.1" },
            { KeyAlgorithm::Gost2012_256, "TCA", "1.2.643.7.1.2.1.1.1" },
            { KeyAlgorithm::Gost2012_512, "A", "1.2.643.7.1.2.1.2.1" },
        };
        for (const auto& c : cases) {
            const auto pub = crypto::PrivateKey::generate(c.algorithm, c.paramSet).publicKey();
            const Bytes raw = pub.gostRaw(); // = what the token's CKA_VALUE holds
            ASSERT_EQ(raw.size(), c.algorithm == KeyAlgorithm::Gost2012_256 ? 64u : 128u);
            const Bytes spki = gostSpki(c.algorithm, c.oid, raw);
            EXPECT_TRUE(samePublicKey(spki, pub.spki())) << c.oid;
            const auto fields = crypto::parseSpki(spki);
            EXPECT_EQ(fields.algorithmOid, crypto::keyAlgorithmInfo(c.algorithm).keyOid);
            EXPECT_EQ(fields.paramSetOid, c.oid);
            // BIT STRING holds OCTET STRING(X_le || Y_le).
            EXPECT_EQ(fields.keyBits, crypto::der::octetString(raw));
            EXPECT_EQ(keyIdFromSpki(spki), crypto::hash(crypto::HashAlgorithm::Sha1, raw));
            // The parameter set must match the key size.
            EXPECT_ANY_THROW(gostSpki(c.algorithm, "1.2.3.4", raw));
        }
    }

    TEST(PublicKeyEncoding, SamePublicKeyComparesKeyBits)
    {
        const auto a = crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256).publicKey().spki();
        const auto b = crypto::PrivateKey::generate(KeyAlgorithm::EcdsaP256).publicKey().spki();
        EXPECT_TRUE(samePublicKey(a, a));
        EXPECT_FALSE(samePublicKey(a, b));
    }

    TEST(PublicKeyEncoding, OidFromDer)
    {
        EXPECT_EQ(oidFromDer(fromHex("06072a850302022301")), "1.2.643.2.2.35.1");
        EXPECT_ANY_THROW(oidFromDer(fromHex("0500")));
    }

} // namespace
} // namespace tokenbridge::crypto
