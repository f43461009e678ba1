#include "TestCa.hpp"
#include "TestUtil.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/Hasher.hpp"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

TEST(Certificate, ParsesRussianAttributesKeyAndThumbprints)
{
    TestCa ca;
    const auto issued = issueSigner(ca, KeyAlgorithm::Gost2012_256, "TCB", "Петров Пётр", 0x1234);
    const auto info = parseCertificate(issued.certificate);
    EXPECT_EQ(info.subjectAttribute("CN"), "Петров Пётр");
    EXPECT_EQ(info.subjectAttribute("SNILS"), "12345678901");
    EXPECT_EQ(info.subjectAttribute("1.2.643.3.131.1.1"), "123456789012");
    EXPECT_FALSE(info.subjectAttribute("OGRN").has_value());
    EXPECT_EQ(info.issuerDn, "C=RU,CN=Test GOST CA");
    EXPECT_NE(info.subjectDn.find("CN=Петров Пётр"), std::string::npos) << info.subjectDn;
    EXPECT_EQ(info.serialNumber, "1234");
    EXPECT_LT(info.notBefore, info.notAfter);
    EXPECT_EQ(info.publicKeyAlgorithm, "gost2012_256");
    EXPECT_EQ(info.publicKeyAlgorithmOid, "1.2.643.7.1.1.1.1");
    EXPECT_EQ(info.publicKeyParamSetOid, "1.2.643.7.1.2.1.1.2");
    EXPECT_EQ(info.spki, issued.signer->publicKeySpki());
    EXPECT_EQ(info.thumbprintSha1, toHex(hash(HashAlgorithm::Sha1, issued.certificate)));
    EXPECT_EQ(
        info.thumbprintStreebog256, toHex(hash(HashAlgorithm::Streebog256, issued.certificate)));
    EXPECT_EQ(info.der, issued.certificate);

    const auto json = info.toJson();
    EXPECT_EQ(json["serialNumber"], "1234");
    EXPECT_EQ(json["publicKeyAlgorithm"], "gost2012_256");
    EXPECT_EQ(json["subject"][0]["type"], "C"); // object-form subjects are emitted country first
    EXPECT_EQ(json["subject"][1]["type"], "CN");
    EXPECT_EQ(json["subject"][1]["value"], "Петров Пётр");
    EXPECT_EQ(json["subject"][2]["oid"], "1.2.643.100.3");
    EXPECT_EQ(json["keyUsage"][0], "digitalSignature");
    EXPECT_EQ(fromBase64(json["certificate"].get<std::string>()), issued.certificate);
}

TEST(Certificate, AcceptsPemAndNamesOtherAlgorithms)
{
    TestCa ca;
    const auto root = parseCertificate(asBytes(ca.rootPem()));
    EXPECT_EQ(root.keyUsage, (std::vector<std::string> { "keyCertSign", "cRLSign" }));
    EXPECT_EQ(root.publicKeyParamSetOid, "1.2.643.2.2.35.1");
    const auto ecdsa =
        parseCertificate(issueSigner(ca, KeyAlgorithm::EcdsaP256, "", "ec").certificate);
    EXPECT_EQ(ecdsa.publicKeyAlgorithm, "ecdsa_p256");
    const auto gost512 =
        parseCertificate(issueSigner(ca, KeyAlgorithm::Gost2012_512, "C", "g512").certificate);
    EXPECT_EQ(gost512.publicKeyAlgorithm, "gost2012_512");
    EXPECT_EQ(gost512.publicKeyParamSetOid, "1.2.643.7.1.2.1.2.3");
}

TEST(Certificate, ListsPolicyOids)
{
    TestCa ca;
    const auto issued = issueSigner(ca, KeyAlgorithm::EcdsaP256, "", "policies");
    EXPECT_TRUE(parseCertificate(issued.certificate).policies.empty());
    EXPECT_EQ(parseCertificate(issued.certificate).toJson()["policies"], nlohmann::json::array());
    // The same certificate with a certificatePolicies extension, signed again.
    const X509Ptr x = loadX509(issued.certificate);
    const OpenSslPtr<CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free> policies(
        sk_POLICYINFO_new_null());
    for (const char* oid : { "1.2.643.100.113.1", "1.3.6.1.4.1.99999.7" }) {
        POLICYINFO* policy = POLICYINFO_new();
        policy->policyid = OBJ_txt2obj(oid, 1);
        ASSERT_GT(sk_POLICYINFO_push(policies.get(), policy), 0);
    }
    ASSERT_EQ(
        X509_add1_ext_i2d(x.get(), NID_certificate_policies, policies.get(), 0, X509V3_ADD_DEFAULT),
        1);
    const EvpPkeyPtr key(EVP_EC_gen("P-256"));
    ASSERT_GT(X509_sign(x.get(), key.get(), EVP_sha256()), 0);
    const auto info = parseCertificate(x509Der(x.get()));
    const std::vector<std::string> expected { "1.2.643.100.113.1", "1.3.6.1.4.1.99999.7" };
    EXPECT_EQ(info.policies, expected);
    EXPECT_EQ(info.toJson()["policies"], nlohmann::json(expected));
}

TEST(Certificate, GarbageIsARequestError)
{
    EXPECT_THROW(parseCertificate(asBytes("not a certificate")), tokenbridge::RequestError);
}

} // namespace
