// The GOST path of the active mode end to end, on FakeGostModule.cpp (a test double: no GOST
// PKCS#11 module exists here yet). What this proves: our templates, the GOST CKA_VALUE -> SPKI
// conversion, CKA_ID derivation, vendor mechanism constants and Pkcs11Signer fit together and
// give signatures that gost-engine verifies. What it cannot prove: that a real token uses the
// same byte order (docs/active.md, "GOST assumptions").

#include "crypto/CsrBuilder.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/PublicKey.hpp"
#include "modes/active/KeyPairs.hpp"
#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/Pkcs11Signer.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "modes/active/Session.hpp"
#include "modes/active/SlotMatcher.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace tokenbridge::modes::active
{
namespace
{

    using crypto::KeyAlgorithm;

    const unsigned char PIN[] = { '1', '2', '3', '4', '5', '6', '7', '8' };

    class GostOnFakeModule : public ::testing::Test
    {
    protected:
        GostOnFakeModule() :
            module((crypto::ensureGostEngine(), Pkcs11Module::load(TB_FAKE_GOST_MODULE))),
            session(module, *findSlot(*module, "Fake GOST Reader 00 00", "0A1B2C3D"))
        {
            login.emplace(session, PinView(PIN, sizeof PIN));
        }

        std::shared_ptr<Pkcs11Module> module;
        Session session;
        std::optional<Login> login;
    };

    struct Case
    {
        KeyAlgorithm algorithm;
        const char* paramSet; // "" = default
        const char* expectedOid;
        crypto::HashAlgorithm digest;
    };

    TEST_F(GostOnFakeModule, GenerateListAndSignVerifies)
    {
        const Case cases[] = {
            { KeyAlgorithm::Gost2012_256, "", "1.2.643.2.2.35.1",
                crypto::HashAlgorithm::Streebog256 },
            { KeyAlgorithm::Gost2012_256, "1.2.643.7.1.2.1.1.1", "1.2.643.7.1.2.1.1.1",
                crypto::HashAlgorithm::Streebog256 },
            { KeyAlgorithm::Gost2012_512, "", "1.2.643.7.1.2.1.2.1",
                crypto::HashAlgorithm::Streebog512 },
        };
        for (const auto& c : cases) {
            SCOPED_TRACE(c.expectedOid);
            const auto pair = generateKeyPair(session, { c.algorithm, c.paramSet, "gost key", 0 });
            EXPECT_EQ(pair.paramSetOid, c.expectedOid);
            const auto fields = crypto::parseSpki(pair.spki);
            EXPECT_EQ(fields.algorithmOid, crypto::keyAlgorithmInfo(c.algorithm).keyOid);
            EXPECT_EQ(fields.paramSetOid, c.expectedOid);
            EXPECT_EQ(pair.id, crypto::keyIdFromSpki(pair.spki));
            EXPECT_EQ(session.attribute(pair.privateKey, CKA_ID), pair.id);

            const auto listed = findKeyPair(session, pair.id);
            ASSERT_TRUE(listed.has_value());
            EXPECT_EQ(listed->algorithm, c.algorithm);
            EXPECT_EQ(listed->paramSetOid, c.expectedOid);
            EXPECT_EQ(listed->spki, pair.spki);

            Pkcs11Signer signer(session, *listed);
            const Bytes digest = crypto::hash(c.digest, asBytes("GOST document"));
            const Bytes signature = signer.signDigest(digest);
            EXPECT_EQ(signature.size(), digest.size() * 2);
            const auto publicKey = crypto::PublicKey::fromSpki(pair.spki);
            EXPECT_TRUE(publicKey.verifyDigest(digest, signature));
            Bytes changed = digest;
            changed[0] ^= 1;
            EXPECT_FALSE(publicKey.verifyDigest(changed, signature));

            // A CSR signed on the "token" verifies with OpenSSL's X509_REQ_verify.
            const Bytes csr = crypto::buildCsr(signer,
                crypto::defaultQualifiedCsrRequest({ { "CN", "GOST user" }, { "C", "RU" } }));
            const unsigned char* cursor = csr.data();
            const crypto::X509ReqPtr request(
                d2i_X509_REQ(nullptr, &cursor, static_cast<long>(csr.size())));
            ASSERT_TRUE(request);
            EXPECT_EQ(X509_REQ_verify(request.get(), publicKey.get()), 1);

            destroyKeyPair(session, pair.id);
            EXPECT_FALSE(findKeyPair(session, pair.id).has_value());
        }
    }

    TEST_F(GostOnFakeModule, PrivateValueIsSensitive)
    {
        const auto pair = generateKeyPair(session, { KeyAlgorithm::Gost2012_256, "", "k", 0 });
        EXPECT_FALSE(session.attribute(pair.privateKey, CKA_VALUE).has_value());
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_EXTRACTABLE), false);
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_SENSITIVE), true);
        destroyKeyPair(session, pair.id);
    }

    TEST_F(GostOnFakeModule, UnknownParamSetIsRefusedBeforeTheToken)
    {
        EXPECT_THROW(
            generateKeyPair(session, { KeyAlgorithm::Gost2012_512, "1.2.643.2.2.35.1", "k", 0 }),
            RequestError);
    }

} // namespace
} // namespace tokenbridge::modes::active
