#include "OpenSslCli.hpp"
#include "SoftHsmToken.hpp"
#include "TestCa.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/CmsBuilder.hpp"
#include "crypto/CsrBuilder.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PublicKey.hpp"
#include "modes/active/KeyPairs.hpp"
#include "modes/active/Pkcs11Signer.hpp"
#include "modes/active/TokenCertificates.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <openssl/x509.h>

namespace tokenbridge::modes::active::test
{
namespace
{

    using crypto::KeyAlgorithm;

    // Verifies with plain OpenSSL (not our crypto layer): d2i_PUBKEY + EVP_PKEY_verify.
    bool opensslVerifies(const Bytes& spki, const Bytes& digest, const Bytes& signature)
    {
        const unsigned char* cursor = spki.data();
        const crypto::EvpPkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(spki.size())));
        const crypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
        if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1
            || EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) {
            return false;
        }
        if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
        }
        return EVP_PKEY_verify(
                   ctx.get(), signature.data(), signature.size(), digest.data(), digest.size())
            == 1;
    }

    class SoftHsmSigning : public ::testing::TestWithParam<KeyAlgorithm>
    {
    protected:
        SoftHsmSigning() : session(softHsm().module(), softHsm().slot())
        {
            assignPin(pin, USER_PIN);
            login.emplace(session, pin.bytes());
            pair = generateKeyPair(session, { GetParam(), "", "signing", 2048 });
        }
        ~SoftHsmSigning() override { destroyKeyPair(session, pair.id); }

        security::PinBuffer pin;
        Session session;
        std::optional<Login> login;
        KeyPair pair;
    };

    TEST_P(SoftHsmSigning, DigestSignatureVerifiesWithOpenSsl)
    {
        Pkcs11Signer signer(session, pair);
        EXPECT_EQ(signer.algorithm(), GetParam());
        EXPECT_EQ(signer.publicKeySpki(), pair.spki);
        const Bytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, asBytes("to be signed"));
        const Bytes signature = signer.signDigest(digest);
        EXPECT_TRUE(opensslVerifies(pair.spki, digest, signature));
        EXPECT_TRUE(crypto::PublicKey::fromSpki(pair.spki).verifyDigest(digest, signature));
        Bytes other = digest;
        other[0] ^= 1;
        EXPECT_FALSE(opensslVerifies(pair.spki, other, signature));
        EXPECT_THROW(signer.signDigest(Bytes(20, 1)), RequestError);
    }

    TEST_P(SoftHsmSigning, CsrAndCertificateAndCms)
    {
        Pkcs11Signer signer(session, pair);
        const Bytes csr = crypto::buildCsr(
            signer, crypto::defaultQualifiedCsrRequest({ { "CN", "Token User" }, { "C", "RU" } }));
        crypto::test::OpenSslCli cli;
        cli.write("req.pem", crypto::toPem(csr, "CERTIFICATE REQUEST"));
        // OpenSSL 3.0 `req -verify` exits 0 either way; the verdict is in the output.
        ASSERT_EQ(cli.run("req -verify -in req.pem -noout"), 0) << cli.lastLog();
        EXPECT_NE(cli.lastLog().find("self-signature verify OK"), std::string::npos)
            << cli.lastLog();

        // A CA (software key, test only) certifies the token key; the certificate goes onto the
        // token next to the key.
        const crypto::test::TestCa ca(KeyAlgorithm::EcdsaP256, "", "Test CA");
        const Bytes certificate = ca.issue(csr, 77);
        const auto stored = importCertificate(session, certificate, "token user");
        EXPECT_EQ(stored.id, pair.id);
        const auto byId = certificatesWithId(session, pair.id);
        ASSERT_EQ(byId.size(), 1u);
        EXPECT_EQ(byId.front().der, certificate);
        EXPECT_EQ(byId.front().label, "token user");
        EXPECT_EQ(session.ulongAttribute(stored.handle, CKA_CERTIFICATE_TYPE), CKC_X_509);
        const auto x509 = crypto::loadX509(certificate);
        const auto subject = session.attribute(stored.handle, CKA_SUBJECT);
        ASSERT_TRUE(subject.has_value());
        const unsigned char* cursor = subject->data();
        X509_NAME* name = d2i_X509_NAME(nullptr, &cursor, static_cast<long>(subject->size()));
        ASSERT_NE(name, nullptr);
        EXPECT_EQ(X509_NAME_cmp(name, X509_get_subject_name(x509.get())), 0);
        X509_NAME_free(name);
        EXPECT_EQ(toHex(*session.attribute(stored.handle, CKA_SERIAL_NUMBER)), "02014d");
        // Importing it again gives the same object, not a copy.
        EXPECT_EQ(importCertificate(session, certificate, "again").handle, stored.handle);
        EXPECT_EQ(certificatesWithId(session, pair.id).size(), 1u);

        // CMS signed on the token verifies with `openssl cms -verify`.
        const std::string content = "document signed on the token";
        cli.write("data.bin", content);
        cli.write("root.pem", ca.rootPem());
        cli.write("detached.p7s", crypto::cmsSignData(signer, certificate, asBytes(content)));
        EXPECT_EQ(
            cli.run("cms -verify -cades -binary -inform DER -in detached.p7s -content data.bin "
                    "-CAfile root.pem -out /dev/null"),
            0)
            << cli.lastLog();
        cli.write("changed.bin", "another document");
        EXPECT_NE(cli.run("cms -verify -binary -inform DER -in detached.p7s -content changed.bin "
                          "-CAfile root.pem -out /dev/null"),
            0);
    }

    TEST_P(SoftHsmSigning, CertificateForAnotherKeyIsRefused)
    {
        const crypto::test::TestCa ca(GetParam(), "", "Foreign key");
        try {
            importCertificate(session, ca.rootDer(), "foreign");
            FAIL() << "a certificate without a key on the token was stored";
        } catch (const RequestError& error) {
            EXPECT_EQ(error.code(), ErrorCode::KEY_NOT_FOUND);
        }
        for (const auto& certificate : listCertificates(session)) {
            EXPECT_NE(certificate.der, ca.rootDer());
        }
        EXPECT_THROW(importCertificate(session, asBytes("not a certificate"), "x"), RequestError);
    }

    INSTANTIATE_TEST_SUITE_P(Algorithms, SoftHsmSigning,
        ::testing::Values(KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa),
        [](const auto& info) { return std::string(crypto::keyAlgorithmInfo(info.param).name); });

} // namespace
} // namespace tokenbridge::modes::active::test
