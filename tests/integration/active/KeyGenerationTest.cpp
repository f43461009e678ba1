#include "SoftHsmToken.hpp"

#include "modes/active/KeyPairs.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "crypto/PublicKey.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::active::test
{
namespace
{

    using crypto::KeyAlgorithm;

    class SoftHsmKeys : public ::testing::Test
    {
    protected:
        SoftHsmKeys() : session(softHsm().module(), softHsm().slot())
        {
            assignPin(pin, USER_PIN);
            login.emplace(session, pin.bytes());
        }

        KeyPair generate(KeyAlgorithm algorithm, const std::string& label)
        {
            return generateKeyPair(session, { algorithm, "", label, 2048 });
        }

        // The raw CKR of reading the secret of a private key (EC: CKA_VALUE; RSA has none, its
        // secret is CKA_PRIVATE_EXPONENT).
        CK_RV readSecret(const KeyPair& pair)
        {
            const CK_ATTRIBUTE_TYPE secret =
                pair.algorithm == KeyAlgorithm::Rsa ? CKA_PRIVATE_EXPONENT : CKA_VALUE;
            Bytes buffer(1024);
            CK_ATTRIBUTE attribute { secret, buffer.data(), buffer.size() };
            const auto key = pair.privateKey;
            return session.api()->C_GetAttributeValue(session.handle(), key, &attribute, 1);
        }

        // The raw CKR of wrapping `key` with a fresh session AES key.
        CK_RV wrapWithAes(CK_OBJECT_HANDLE key)
        {
            AttributeTemplate aes;
            aes.addUlong(CKA_CLASS, CKO_SECRET_KEY)
                .addUlong(CKA_KEY_TYPE, CKK_AES)
                .addUlong(CKA_VALUE_LEN, 32)
                .addBool(CKA_TOKEN, false)
                .addBool(CKA_WRAP, true);
            CK_MECHANISM generate { CKM_AES_KEY_GEN, nullptr, 0 };
            CK_OBJECT_HANDLE wrapping = CK_INVALID_HANDLE;
            EXPECT_EQ(session.api()->C_GenerateKey(
                          session.handle(), &generate, aes.data(), aes.size(), &wrapping),
                CKR_OK);
            CK_MECHANISM wrap { CKM_AES_KEY_WRAP_PAD, nullptr, 0 };
            Bytes out(4096);
            CK_ULONG length = out.size();
            const CK_RV rv = session.api()->C_WrapKey(
                session.handle(), &wrap, wrapping, key, out.data(), &length);
            session.destroyObject(wrapping);
            return rv;
        }

        void expectNeverLeaves(const KeyPair& pair)
        {
            const auto key = pair.privateKey;
            EXPECT_EQ(session.boolAttribute(key, CKA_TOKEN), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_PRIVATE), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_SENSITIVE), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_EXTRACTABLE), false);
            EXPECT_EQ(session.boolAttribute(key, CKA_ALWAYS_SENSITIVE), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_NEVER_EXTRACTABLE), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_LOCAL), true);
            EXPECT_EQ(session.boolAttribute(key, CKA_SIGN), true);
            // The secret cannot be read, wrapped, or made extractable.
            EXPECT_EQ(readSecret(pair), CKR_ATTRIBUTE_SENSITIVE);
            EXPECT_FALSE(session.attribute(key, CKA_VALUE).has_value());
            EXPECT_FALSE(session.attribute(key, CKA_PRIVATE_EXPONENT).has_value());
            EXPECT_FALSE(session.attribute(key, CKA_PRIME_1).has_value());
            EXPECT_EQ(wrapWithAes(key), CKR_KEY_UNEXTRACTABLE);
            AttributeTemplate extractable;
            extractable.addBool(CKA_EXTRACTABLE, true);
            EXPECT_EQ(session.api()->C_SetAttributeValue(
                          session.handle(), key, extractable.data(), extractable.size()),
                CKR_ATTRIBUTE_READ_ONLY);
            EXPECT_THROW(session.setAttributes(key, extractable), RequestError);
            AttributeTemplate notSensitive;
            notSensitive.addBool(CKA_SENSITIVE, false);
            EXPECT_NE(session.api()->C_SetAttributeValue(
                          session.handle(), key, notSensitive.data(), notSensitive.size()),
                CKR_OK);
            EXPECT_EQ(session.boolAttribute(key, CKA_EXTRACTABLE), false);
        }

        void expectDescribedConsistently(const KeyPair& pair, const std::string& label)
        {
            EXPECT_EQ(pair.label, label);
            ASSERT_FALSE(pair.spki.empty());
            EXPECT_EQ(crypto::PublicKey::fromSpki(pair.spki).algorithm(), pair.algorithm);
            // CKA_ID is derived from the public key and set on both halves.
            EXPECT_EQ(pair.id, crypto::keyIdFromSpki(pair.spki));
            EXPECT_EQ(session.attribute(pair.privateKey, CKA_ID), pair.id);
            ASSERT_TRUE(pair.publicKey.has_value());
            EXPECT_EQ(session.attribute(*pair.publicKey, CKA_ID), pair.id);
            const auto listed = findKeyPair(session, pair.id);
            ASSERT_TRUE(listed.has_value());
            EXPECT_EQ(listed->privateKey, pair.privateKey);
            EXPECT_EQ(listed->publicKey, pair.publicKey);
            EXPECT_EQ(listed->spki, pair.spki);
            EXPECT_EQ(listed->algorithm, pair.algorithm);
            EXPECT_EQ(listed->label, label);
        }

        security::PinBuffer pin;
        Session session;
        std::optional<Login> login;
    };

    TEST_F(SoftHsmKeys, EcdsaP256StaysOnTheToken)
    {
        const auto pair = generate(KeyAlgorithm::EcdsaP256, "ec-key");
        expectDescribedConsistently(pair, "ec-key");
        expectNeverLeaves(pair);
        destroyKeyPair(session, pair.id);
        EXPECT_FALSE(findKeyPair(session, pair.id).has_value());
    }

    TEST_F(SoftHsmKeys, Rsa2048StaysOnTheToken)
    {
        const auto pair = generate(KeyAlgorithm::Rsa, "rsa-key");
        expectDescribedConsistently(pair, "rsa-key");
        EXPECT_EQ(session.ulongAttribute(*pair.publicKey, CKA_MODULUS_BITS), 2048u);
        expectNeverLeaves(pair);
        destroyKeyPair(session, pair.id);
    }

    TEST_F(SoftHsmKeys, ListsGeneratedPairs)
    {
        const auto a = generate(KeyAlgorithm::EcdsaP256, "list-a");
        const auto b = generate(KeyAlgorithm::Rsa, "list-b");
        int seen = 0;
        for (const auto& pair : listKeyPairs(session)) {
            seen += (pair.id == a.id && pair.label == "list-a")
                || (pair.id == b.id && pair.label == "list-b");
        }
        EXPECT_EQ(seen, 2);
        destroyKeyPair(session, a.id);
        destroyKeyPair(session, b.id);
        EXPECT_THROW(destroyKeyPair(session, a.id), RequestError);
    }

    TEST_F(SoftHsmKeys, GostIsNotSupportedBySoftHsm)
    {
        const auto before = listKeyPairs(session).size();
        for (const auto algorithm : { KeyAlgorithm::Gost2012_256, KeyAlgorithm::Gost2012_512 }) {
            try {
                generate(algorithm, "gost");
                FAIL() << "SoftHSM generated a GOST key";
            } catch (const UserActionError& error) {
                EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
                EXPECT_EQ(error.details().value("ckr", ""), "CKR_MECHANISM_INVALID");
            }
        }
        EXPECT_EQ(listKeyPairs(session).size(), before);
    }

} // namespace
} // namespace tokenbridge::modes::active::test
