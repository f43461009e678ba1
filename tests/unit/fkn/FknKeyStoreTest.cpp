// The FKN key store (docs/fkn.md "Host key store") against vtoken's real card OS in-process.
#include "StoreTestCard.hpp"

#include "TestCa.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/CsrBuilder.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PublicKey.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace tokenbridge::modes::fkn::test
{
namespace
{

    class FknKeyStoreTest : public ::testing::Test
    {
    protected:
        FknKeyStoreTest() { setPin(pin, USER_PIN); }

        FknKeyStore store() { return FknKeyStore(token.transmit(), &pin); }
        FknKeyStore storeWithoutPin() { return FknKeyStore(token.transmit(), nullptr); }

        modes::KeyEntry generate(const std::string& label = "fkn key")
        {
            modes::GenerateKeyRequest request;
            request.label = label;
            return store().generateKey(request);
        }

        template <typename F> ErrorCode errorOf(F&& work)
        {
            try {
                work();
            } catch (const Error& error) {
                lastError = error.details();
                return error.code();
            }
            ADD_FAILURE() << "no error";
            return ErrorCode::INTERNAL_ERROR;
        }

        StoreTestCard token;
        security::PinBuffer pin;
        nlohmann::json lastError;
    };

    bool containsBytes(const Bytes& haystack, std::string_view needle)
    {
        return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end())
            != haystack.end();
    }

    TEST_F(FknKeyStoreTest, GeneratedKeyIsFknWithTheActiveStoresId)
    {
        const auto key = generate();
        EXPECT_EQ(key.mode, Mode::Fkn);
        // Generated inside the session: the token's own 8C 5D answer, not the listing's marker.
        EXPECT_EQ(key.extractable, Extractable::No);
        EXPECT_EQ(key.extractableFrom, ExtractableSource::FknSession);
        EXPECT_FALSE(key.pkcs11Attributes);
        EXPECT_FALSE(key.exportable);
        EXPECT_EQ(key.label, "fkn key");
        // CKA_ID as the active store assigns it: SHA-1 of the public key material.
        EXPECT_EQ(key.keyId, toHex(crypto::keyIdFromSpki(key.publicKeySpki)));
        // The listing needs no PIN and shows it once.
        const auto listed = storeWithoutPin().listKeys();
        ASSERT_EQ(listed.size(), 1u);
        EXPECT_EQ(listed[0].keyId, key.keyId);
        EXPECT_EQ(listed[0].publicKeySpki, key.publicKeySpki);
        // Without a session: from the object list's FKN marker (92 01 01).
        EXPECT_EQ(listed[0].extractable, Extractable::No);
        EXPECT_EQ(listed[0].extractableFrom, ExtractableSource::FknObjectList);
        EXPECT_EQ(storeWithoutPin().findKey(key.keyId).mode, Mode::Fkn);
    }

    TEST_F(FknKeyStoreTest, ThePinNeverTravelsAndNoVerifyIsSent)
    {
        const auto key = generate();
        crypto::ensureGostEngine();
        const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("x"));
        store().signer(key)->signDigest(digest);
        for (const auto& command : token.commands) {
            EXPECT_FALSE(command[0] == 0x00 && command[1] == 0x20) << toHex(command);
            EXPECT_FALSE(containsBytes(command, USER_PIN)) << toHex(command);
        }
        // Key generation and signing went protected.
        EXPECT_TRUE(std::any_of(token.commands.begin(), token.commands.end(),
            [](const Bytes& c) { return c[0] == 0x8C && c[1] == 0x46; }));
        EXPECT_TRUE(std::any_of(token.commands.begin(), token.commands.end(),
            [](const Bytes& c) { return c[0] == 0x0C && c[1] == 0x2A; }));
    }

    TEST_F(FknKeyStoreTest, EnrollAndSignRoundTrip)
    {
        crypto::ensureGostEngine();
        const auto key = generate();
        auto signer = store().signer(key);
        const auto csr = crypto::buildCsr(
            *signer, crypto::defaultQualifiedCsrRequest({ { "CN", "FKN User" }, { "C", "RU" } }));
        const crypto::test::TestCa ca;
        const auto certificate = ca.issue(csr); // checks the CSR's signature (made on the token)
        const auto stored = store().importCertificate(certificate);
        EXPECT_EQ(stored.keyId, key.keyId);
        ASSERT_TRUE(stored.certificate.has_value());
        EXPECT_EQ(*stored.certificate, crypto::parseCertificate(certificate).der);
        // Importing it again keeps one copy.
        const auto before = token.objectCount();
        store().importCertificate(certificate);
        EXPECT_EQ(token.objectCount(), before);
        // The certificate is listed without a PIN.
        EXPECT_TRUE(storeWithoutPin().findKey(key.keyId).certificate.has_value());

        const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("document"));
        const auto signature = store().signer(key)->signDigest(digest);
        EXPECT_TRUE(crypto::PublicKey::fromSpki(key.publicKeySpki).verifyDigest(digest, signature));

        store().deleteCertificate(key.keyId);
        EXPECT_FALSE(storeWithoutPin().findKey(key.keyId).certificate.has_value());
        store().deleteKey(key.keyId);
        EXPECT_TRUE(storeWithoutPin().listKeys().empty());
        EXPECT_EQ(token.objectCount(), 0u);
    }

    TEST_F(FknKeyStoreTest, Gost512Key)
    {
        crypto::ensureGostEngine();
        modes::GenerateKeyRequest request;
        request.algorithm = crypto::KeyAlgorithm::Gost2012_512;
        const auto key = store().generateKey(request);
        EXPECT_EQ(key.algorithm, crypto::KeyAlgorithm::Gost2012_512);
        const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog512, asBytes("d"));
        const auto signature = store().signer(key)->signDigest(digest);
        EXPECT_TRUE(crypto::PublicKey::fromSpki(key.publicKeySpki).verifyDigest(digest, signature));
    }

    TEST_F(FknKeyStoreTest, TheTokenRefusesThePlainUseOfAnFknKey)
    {
        generate();
        const auto ref = token.listObjects().front().ref;
        // The ordinary way in: VERIFY, MSE, PSO. The key stays FKN-only.
        EXPECT_EQ(token.sw("0020000208" + toHex(asBytes(USER_PIN))), 0x9000);
        const auto mse = token.sw("002241B6038401" + toHex(Bytes(1, ref)));
        const auto pso = token.sw("002A9E9A20" + std::string(64, 'A') + "00");
        // Refused at MSE (then PSO has no key: 6985) or at PSO.
        EXPECT_TRUE(mse == 0x6982 || (mse == 0x9000 && pso == 0x6982)) << mse << " " << pso;
        EXPECT_NE(pso, 0x9000);
    }

    TEST_F(FknKeyStoreTest, TokenAttributesConfirmTheKey)
    {
        const auto key = generate();
        const auto attributes = store().readKeyAttributes(key.keyId);
        EXPECT_TRUE(attributes.fkn);
        EXPECT_FALSE(attributes.extractable);
        EXPECT_EQ(errorOf([&] { storeWithoutPin().readKeyAttributes(key.keyId); }),
            ErrorCode::PIN_REQUIRED);
    }

    TEST_F(FknKeyStoreTest, TheTokensAnswerWinsOverTheMarker)
    {
        auto listed = storeWithoutPin().listKeys();
        ASSERT_TRUE(listed.empty());
        generate();
        listed = storeWithoutPin().listKeys();
        ASSERT_EQ(listed.size(), 1u);
        // What a token answering "not FKN, extractable" inside the session makes of the entry.
        auto entry = listed[0];
        applyKeyAttributes(entry, KeyAttributes { false, true });
        EXPECT_EQ(entry.mode, Mode::ActivePkcs11);
        EXPECT_EQ(entry.extractable, Extractable::Yes);
        EXPECT_EQ(entry.extractableFrom, ExtractableSource::FknSession);
        applyKeyAttributes(entry, store().readKeyAttributes(entry.keyId));
        EXPECT_EQ(entry.mode, Mode::Fkn);
        EXPECT_EQ(entry.extractable, Extractable::No);
    }

    TEST_F(FknKeyStoreTest, AKeyMadeOutsideTheChannelIsNotAnFknKey)
    {
        // A plain GENERATE KEY PAIR after VERIFY: the active path's key.
        EXPECT_EQ(token.sw("0020000208" + toHex(asBytes(USER_PIN))), 0x9000);
        const auto answer = token.send("804600000E800101810906072A85030202230100");
        ASSERT_EQ(answer[answer.size() - 2], 0x90) << toHex(answer);
        EXPECT_TRUE(storeWithoutPin().listKeys().empty());
        const auto active = token.listObjects();
        ASSERT_EQ(active.size(), 1u);
        EXPECT_FALSE(active[0].fkn);
    }

    TEST_F(FknKeyStoreTest, PinErrorsCarryTheTokensCounter)
    {
        const auto key = generate();
        setPin(pin, "00000000");
        // SESPAKE's own limit C_1 is 5 (RFC 8133), below the PIN's 10 tries: its count is told.
        EXPECT_EQ(errorOf([&] { generate(); }), ErrorCode::PIN_INCORRECT);
        EXPECT_EQ(lastError.value("retriesLeft", -1), 4);
        EXPECT_EQ(errorOf([&] { store().signer(key)->signDigest(Bytes(32, 1)); }),
            ErrorCode::PIN_INCORRECT);
        EXPECT_EQ(lastError.value("retriesLeft", -1), 3);
        // Asked without a PIN, the store tells the same count (START's status form), not the
        // PIN record's 8.
        EXPECT_EQ(errorOf([&] { storeWithoutPin().generateKey({}); }), ErrorCode::PIN_REQUIRED);
        EXPECT_EQ(lastError.value("retriesLeft", -1), 3);
        // The right PIN resets the counter.
        setPin(pin, USER_PIN);
        EXPECT_NO_THROW(store().readKeyAttributes(key.keyId));
    }

    TEST_F(FknKeyStoreTest, BlocksAfterTheLastTry)
    {
        StoreTestCard small("rutoken-ecp-2.0-3000", 3);
        security::PinBuffer wrong;
        setPin(wrong, "00000000");
        FknKeyStore store(small.transmit(), &wrong);
        for (int left = 2; left >= 0; --left) {
            const auto code = errorOf([&] { store.generateKey({}); });
            if (left > 0) {
                EXPECT_EQ(code, ErrorCode::PIN_INCORRECT);
                EXPECT_EQ(lastError.value("retriesLeft", -1), left);
            } else {
                EXPECT_EQ(code, ErrorCode::PIN_BLOCKED); // 63C0: the last try went
            }
        }
        FknKeyStore right(small.transmit(), &pin);
        EXPECT_EQ(errorOf([&] { right.generateKey({}); }), ErrorCode::PIN_BLOCKED);
        FknKeyStore none(small.transmit(), nullptr);
        EXPECT_EQ(errorOf([&] { none.generateKey({}); }), ErrorCode::PIN_BLOCKED);
        EXPECT_EQ(small.objectCount(), 0u);
    }

    TEST_F(FknKeyStoreTest, ATamperedResponseIsATypedErrorAndTheNextCallWorks)
    {
        const auto key = generate();
        const auto before = token.objectCount();
        token.tamperResponse = 1; // the first protected answer of the next operation
        EXPECT_EQ(
            errorOf([&] { store().signer(key)->signDigest(Bytes(32, 7)); }), ErrorCode::CARD_ERROR);
        EXPECT_EQ(lastError.value("reason", ""), "secure-channel");
        EXPECT_EQ(token.objectCount(), before);
        crypto::ensureGostEngine();
        const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("y"));
        const auto signature = store().signer(key)->signDigest(digest);
        EXPECT_TRUE(crypto::PublicKey::fromSpki(key.publicKeySpki).verifyDigest(digest, signature));
    }

    TEST_F(FknKeyStoreTest, UnknownKeysAndModelsWithoutFkn)
    {
        EXPECT_EQ(
            errorOf([&] { storeWithoutPin().findKey("00112233"); }), ErrorCode::KEY_NOT_FOUND);
        EXPECT_EQ(errorOf([&] { store().deleteKey("00112233"); }), ErrorCode::KEY_NOT_FOUND);
        StoreTestCard plain("rutoken-ecp-2.0-2100");
        FknKeyStore noFkn(plain.transmit(), &pin);
        EXPECT_EQ(errorOf([&] { noFkn.generateKey({}); }), ErrorCode::CARD_ERROR);
    }

} // namespace
} // namespace tokenbridge::modes::fkn::test
