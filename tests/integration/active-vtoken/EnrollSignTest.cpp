// Active mode end to end on a virtual ECP: key generated on the card through our PKCS#11
// module, CSR, certificate from a test CA stored on the token, CMS verified by `openssl cms`.
#include "OpenSslCli.hpp"
#include "TestCa.hpp"
#include "VtokenToken.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/CmsBuilder.hpp"
#include "crypto/CsrBuilder.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PublicKey.hpp"
#include "modes/active/ActiveKeyStore.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::active::test
{
namespace
{

    using crypto::KeyAlgorithm;
    using modes::active::ActiveKeyStore;

    struct Case
    {
        KeyAlgorithm algorithm;
        const char* paramSet;
    };

    class ActiveVtoken : public ::testing::TestWithParam<Case>
    {
    protected:
        ActiveVtoken() { assignPin(pin, USER_PIN); }
        security::PinBuffer pin;
    };

    TEST_P(ActiveVtoken, EnrollAndSignVerifiedByOpenSsl)
    {
        ActiveKeyStore store(vtokenLocation(), &pin);
        EXPECT_EQ(store.mode(), Mode::ActivePkcs11);
        const auto key =
            store.generateKey({ GetParam().algorithm, GetParam().paramSet, "enrolled", false });
        // Read from the card's private key through our module, not assumed.
        EXPECT_EQ(key.extractable, Extractable::No);
        EXPECT_EQ(key.extractableFrom, ExtractableSource::Pkcs11Attributes);
        ASSERT_TRUE(key.pkcs11Attributes);
        EXPECT_EQ(key.pkcs11Attributes->extractable, false);
        EXPECT_EQ(key.pkcs11Attributes->sensitive, true);
        EXPECT_EQ(key.pkcs11Attributes->neverExtractable, true);
        EXPECT_EQ(key.pkcs11Attributes->alwaysSensitive, true);
        EXPECT_FALSE(key.exportable);
        EXPECT_EQ(key.algorithm, GetParam().algorithm);
        EXPECT_EQ(key.keyId.size(), 40u); // SHA-1 of the public key, hex

        auto signer = store.signer(key);
        // The token's raw signature verifies with our crypto over the same digest.
        const auto hash = crypto::keyAlgorithmInfo(GetParam().algorithm).digest;
        const Bytes digest = crypto::hash(hash, asBytes("to be signed"));
        const Bytes signature = signer->signDigest(digest);
        const auto publicKey = crypto::PublicKey::fromSpki(key.publicKeySpki);
        EXPECT_TRUE(publicKey.verifyDigest(digest, signature));
        Bytes other = digest;
        other[3] ^= 0x10;
        EXPECT_FALSE(publicKey.verifyDigest(other, signature));

        const Bytes csr = crypto::buildCsr(
            *signer, crypto::defaultQualifiedCsrRequest({ { "CN", "Token User" }, { "C", "RU" } }));
        crypto::test::OpenSslCli cli;
        cli.write("req.pem", crypto::toPem(csr, "CERTIFICATE REQUEST"));
        ASSERT_EQ(cli.run("req -verify -in req.pem -noout"), 0) << cli.lastLog();
        EXPECT_NE(cli.lastLog().find("verify OK"), std::string::npos) << cli.lastLog();

        const crypto::test::TestCa ca(KeyAlgorithm::Gost2012_256, "A", "vtoken test CA");
        const Bytes certificate = ca.issue(csr, 41);
        const auto withCertificate = store.importCertificate(certificate);
        EXPECT_EQ(withCertificate.keyId, key.keyId);
        ASSERT_TRUE(withCertificate.certificate.has_value());
        EXPECT_EQ(*withCertificate.certificate, certificate);

        const std::string content = "document signed inside the virtual token";
        cli.write("data.bin", content);
        cli.write("root.pem", ca.rootPem());
        cli.write("signed.p7s", crypto::cmsSignData(*signer, certificate, asBytes(content)));
        EXPECT_EQ(cli.run("cms -verify -binary -inform DER -in signed.p7s -content data.bin "
                          "-CAfile root.pem -out /dev/null"),
            0)
            << cli.lastLog();
        cli.write("changed.bin", "another document");
        EXPECT_NE(cli.run("cms -verify -binary -inform DER -in signed.p7s -content changed.bin "
                          "-CAfile root.pem -out /dev/null"),
            0);
        signer.reset();

        // listKeys sees it with its certificate; delete takes key and certificate away.
        bool listed = false;
        for (const auto& entry : store.listKeys()) {
            listed = listed || (entry.keyId == key.keyId && entry.certificate == certificate);
        }
        EXPECT_TRUE(listed);
        store.deleteKey(key.keyId);
        try {
            store.findKey(key.keyId);
            FAIL() << "deleted key still found";
        } catch (const RequestError& error) {
            EXPECT_EQ(error.code(), ErrorCode::KEY_NOT_FOUND);
        }
    }

    TEST_P(ActiveVtoken, WrongPinIsRefusedWithoutSigning)
    {
        security::PinBuffer wrong;
        assignPin(wrong, "00000000");
        ActiveKeyStore store(vtokenLocation(), &wrong);
        EXPECT_THROW(store.listKeys(), UserActionError);
        // The right PIN still works (one wrong try does not block).
        ActiveKeyStore good(vtokenLocation(), &pin);
        EXPECT_NO_THROW(good.listKeys());
        ActiveKeyStore noPin(vtokenLocation(), nullptr);
        EXPECT_THROW(noPin.generateKey({ GetParam().algorithm, GetParam().paramSet, "x", false }),
            UserActionError);
    }

    INSTANTIATE_TEST_SUITE_P(Gost, ActiveVtoken,
        ::testing::Values(
            Case { KeyAlgorithm::Gost2012_256, "A" }, Case { KeyAlgorithm::Gost2012_512, "A" }),
        [](const auto& info) {
            return std::string(crypto::keyAlgorithmInfo(info.param.algorithm).name);
        });

    // Storage-only models: the module shows the token but it has no mechanisms.
    TEST(ActiveStorageOnly, GenerationIsModeNotSupported)
    {
        security::PinBuffer pin;
        assignPin(pin, USER_PIN);
        ActiveKeyStore store(vtokenLocation(), &pin);
        try {
            store.generateKey({ KeyAlgorithm::Gost2012_256, "A", "x", false });
            FAIL() << "a storage-only token generated a key";
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
        }
    }

} // namespace
} // namespace tokenbridge::modes::active::test
