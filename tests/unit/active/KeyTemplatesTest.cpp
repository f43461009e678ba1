#include "modes/active/KeyTemplates.hpp"

#include "crypto/Der.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::active
{
namespace
{

    using crypto::KeyAlgorithm;

    const Bytes ID = fromHex("0102030405");

    void expectNonExtractablePrivateKey(const AttributeTemplate& priv, CK_KEY_TYPE keyType)
    {
        EXPECT_EQ(priv.ulongValue(CKA_CLASS), CKO_PRIVATE_KEY);
        EXPECT_EQ(priv.ulongValue(CKA_KEY_TYPE), keyType);
        EXPECT_EQ(priv.boolValue(CKA_TOKEN), true);
        EXPECT_EQ(priv.boolValue(CKA_PRIVATE), true);
        EXPECT_EQ(priv.boolValue(CKA_SENSITIVE), true);
        EXPECT_EQ(priv.boolValue(CKA_EXTRACTABLE), false);
        EXPECT_EQ(priv.boolValue(CKA_SIGN), true);
        ASSERT_NE(priv.find(CKA_ID), nullptr);
        EXPECT_EQ(*priv.find(CKA_ID), ID);
        ASSERT_NE(priv.find(CKA_LABEL), nullptr);
        EXPECT_EQ(
            std::string(priv.find(CKA_LABEL)->begin(), priv.find(CKA_LABEL)->end()), "my key");
    }

    KeyGenSpec spec(KeyAlgorithm algorithm, std::string paramSet = "")
    {
        return { algorithm, std::move(paramSet), "my key", 2048 };
    }

    TEST(KeyTemplates, Gost256DefaultsToCryptoProA)
    {
        const auto templates = keyGenTemplates(spec(KeyAlgorithm::Gost2012_256), ID);
        EXPECT_EQ(templates.mechanism, CKM_GOSTR3410_KEY_PAIR_GEN);
        expectNonExtractablePrivateKey(templates.privateKey, CKK_GOSTR3410);
        for (const auto* half : { &templates.publicKey, &templates.privateKey }) {
            ASSERT_NE(half->find(CKA_GOSTR3410_PARAMS), nullptr);
            EXPECT_EQ(toHex(*half->find(CKA_GOSTR3410_PARAMS)), "06072a850302022301");
            EXPECT_EQ(toHex(*half->find(CKA_GOSTR3411_PARAMS)), "06082a85030701010202");
        }
        EXPECT_EQ(templates.publicKey.ulongValue(CKA_CLASS), CKO_PUBLIC_KEY);
        EXPECT_EQ(templates.publicKey.boolValue(CKA_PRIVATE), false);
        EXPECT_EQ(templates.publicKey.boolValue(CKA_TOKEN), true);
    }

    TEST(KeyTemplates, Gost512UsesTheTc26VendorConstants)
    {
        const auto templates = keyGenTemplates(spec(KeyAlgorithm::Gost2012_512), ID);
        EXPECT_EQ(templates.mechanism, 0xD4321005ul);
        expectNonExtractablePrivateKey(templates.privateKey, 0xD4321003ul);
        EXPECT_EQ(
            toHex(*templates.privateKey.find(CKA_GOSTR3410_PARAMS)), "06092a8503070102010201");
        EXPECT_EQ(toHex(*templates.privateKey.find(CKA_GOSTR3411_PARAMS)), "06082a85030701010203");
        EXPECT_EQ(keyMechanisms(KeyAlgorithm::Gost2012_512).sign, 0xD4321006ul);
    }

    TEST(KeyTemplates, GostParamSetIsChecked)
    {
        const auto tc26a =
            keyGenTemplates(spec(KeyAlgorithm::Gost2012_256, "1.2.643.7.1.2.1.1.1"), ID);
        EXPECT_EQ(toHex(*tc26a.publicKey.find(CKA_GOSTR3410_PARAMS)), "06092a8503070102010101");
        // A 512-bit set for a 256-bit key, and garbage.
        EXPECT_THROW(keyGenTemplates(spec(KeyAlgorithm::Gost2012_256, "1.2.643.7.1.2.1.2.1"), ID),
            RequestError);
        EXPECT_THROW(keyGenTemplates(spec(KeyAlgorithm::Gost2012_512, "1.2.3"), ID), RequestError);
    }

    TEST(KeyTemplates, EcdsaP256)
    {
        const auto templates = keyGenTemplates(spec(KeyAlgorithm::EcdsaP256), ID);
        EXPECT_EQ(templates.mechanism, CKM_EC_KEY_PAIR_GEN);
        expectNonExtractablePrivateKey(templates.privateKey, CKK_EC);
        EXPECT_EQ(toHex(*templates.publicKey.find(CKA_EC_PARAMS)), "06082a8648ce3d030107");
        EXPECT_EQ(keyMechanisms(KeyAlgorithm::EcdsaP256).sign, CKM_ECDSA);
    }

    TEST(KeyTemplates, Rsa2048)
    {
        const auto templates = keyGenTemplates(spec(KeyAlgorithm::Rsa), ID);
        EXPECT_EQ(templates.mechanism, CKM_RSA_PKCS_KEY_PAIR_GEN);
        expectNonExtractablePrivateKey(templates.privateKey, CKK_RSA);
        EXPECT_EQ(templates.publicKey.ulongValue(CKA_MODULUS_BITS), 2048u);
        EXPECT_EQ(toHex(*templates.publicKey.find(CKA_PUBLIC_EXPONENT)), "010001");
        EXPECT_EQ(keyMechanisms(KeyAlgorithm::Rsa).sign, CKM_RSA_PKCS);
    }

    TEST(KeyTemplates, KeyTypesMapBack)
    {
        EXPECT_EQ(findKeyMechanisms(CKK_GOSTR3410)->algorithm, KeyAlgorithm::Gost2012_256);
        EXPECT_EQ(findKeyMechanisms(CKK_GOSTR3410_512)->algorithm, KeyAlgorithm::Gost2012_512);
        EXPECT_EQ(findKeyMechanisms(CKK_EC)->algorithm, KeyAlgorithm::EcdsaP256);
        EXPECT_EQ(findKeyMechanisms(CKK_RSA)->algorithm, KeyAlgorithm::Rsa);
        EXPECT_EQ(findKeyMechanisms(CKK_DSA), nullptr);
    }

    TEST(KeyTemplates, TemplateArrayPointsAtOwnedValues)
    {
        AttributeTemplate values;
        values.addBool(CKA_TOKEN, true).addUlong(CKA_CLASS, CKO_DATA).addText(CKA_LABEL, "abc");
        CK_ATTRIBUTE* array = values.data();
        ASSERT_EQ(values.size(), 3u);
        EXPECT_EQ(array[0].type, CKA_TOKEN);
        EXPECT_EQ(array[0].ulValueLen, sizeof(CK_BBOOL));
        EXPECT_EQ(*static_cast<CK_BBOOL*>(array[0].pValue), CK_TRUE);
        EXPECT_EQ(*static_cast<CK_ULONG*>(array[1].pValue), CKO_DATA);
        EXPECT_EQ(std::string(static_cast<char*>(array[2].pValue), array[2].ulValueLen), "abc");
    }

} // namespace
} // namespace tokenbridge::modes::active
