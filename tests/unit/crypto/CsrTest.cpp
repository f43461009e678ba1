#include "OpenSslCli.hpp"
#include "TestCa.hpp"
#include "TestUtil.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/CsrBuilder.hpp"
#include "crypto/Der.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

const nlohmann::json SUBJECT = { { "CN", "Иванов Иван Иванович" }, { "SN", "Иванов" },
    { "GN", "Иван Иванович" }, { "C", "RU" }, { "L", "Москва" }, { "SNILS", "12345678901" },
    { "INN", "123456789012" }, { "OGRN", "1234567890123" }, { "INNLE", "1234567890" },
    { "emailAddress", "ivanov@example.ru" } };

CsrRequest fullRequest()
{
    auto request = defaultQualifiedCsrRequest(SUBJECT);
    request.subjectSignTool = "СКЗИ \"Рутокен ЭЦП 2.0\"";
    request.certificatePolicies = { "1.2.643.100.113.1" };
    return request;
}

class CsrPerAlgorithm : public ::testing::TestWithParam<std::pair<KeyAlgorithm, const char*>>
{
};

TEST_P(CsrPerAlgorithm, OpenSslReqVerifyAcceptsIt)
{
    const auto [algorithm, paramSet] = GetParam();
    SoftwareSigner signer(PrivateKey::generate(algorithm, paramSet));
    const Bytes csr = buildCsr(signer, fullRequest());
    OpenSslCli cli;
    cli.write("req.pem", toPem(csr, "CERTIFICATE REQUEST"));
    // OpenSSL 3.0 `req -verify` exits 0 either way; the verdict is in the output.
    EXPECT_EQ(cli.run("req -verify -in req.pem -noout"), 0) << cli.lastLog();
    EXPECT_NE(cli.lastLog().find("self-signature verify OK"), std::string::npos) << cli.lastLog();
    EXPECT_EQ(cli.run("req -in req.pem -noout -text"), 0);
    const std::string text = cli.lastLog();
    EXPECT_NE(text.find("SNILS"), std::string::npos) << text;
    EXPECT_NE(text.find("Signing Tool of Subject"), std::string::npos) << text;

    // A flipped byte in the signed part breaks the signature.
    Bytes broken = csr;
    const Bytes snils = fromHex("3132333435363738393031");
    const auto at = std::search(broken.begin(), broken.end(), snils.begin(), snils.end());
    ASSERT_NE(at, broken.end());
    *at ^= 0x01;
    cli.write("broken.der", broken);
    cli.run("req -verify -inform DER -in broken.der -noout");
    EXPECT_NE(cli.lastLog().find("self-signature verify failure"), std::string::npos)
        << cli.lastLog();
}

INSTANTIATE_TEST_SUITE_P(Keys, CsrPerAlgorithm,
    ::testing::Values(std::pair { KeyAlgorithm::Gost2012_256, "A" },
        std::pair { KeyAlgorithm::Gost2012_256, "TCA" },
        std::pair { KeyAlgorithm::Gost2012_512, "A" }, std::pair { KeyAlgorithm::EcdsaP256, "" },
        std::pair { KeyAlgorithm::Rsa, "" }),
    KeyPairName());

TEST(Csr, RussianIdentifiersAreNumericStrings)
{
    SoftwareSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    const Bytes csr = buildCsr(signer, fullRequest());
    // NumericString (0x12) of length 11 holding the SNILS, right after the SNILS OID.
    const Bytes snils = der::concat(
        { der::oid("1.2.643.100.3"), der::string(der::tag::NUMERIC_STRING, "12345678901") });
    EXPECT_NE(std::search(csr.begin(), csr.end(), snils.begin(), snils.end()), csr.end());
    const Bytes inn = der::concat(
        { der::oid("1.2.643.3.131.1.1"), der::string(der::tag::NUMERIC_STRING, "123456789012") });
    EXPECT_NE(std::search(csr.begin(), csr.end(), inn.begin(), inn.end()), csr.end());
}

TEST(Csr, IssuedCertificateCarriesRequestedExtensions)
{
    TestCa ca;
    SoftwareSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    const auto info = parseCertificate(ca.issue(buildCsr(signer, fullRequest())));
    EXPECT_EQ(info.keyUsage,
        (std::vector<std::string> {
            "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment" }));
    EXPECT_EQ(info.extendedKeyUsage,
        (std::vector<std::string> {
            "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.2.643.2.2.34.6" }));
    EXPECT_EQ(info.subjectAttribute("CN"), "Иванов Иван Иванович");
    EXPECT_EQ(info.subjectAttribute("INNLE"), "1234567890");
}

TEST(Csr, InvalidSubjectsAreRequestErrors)
{
    SoftwareSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    const auto build = [&](nlohmann::json subject) {
        return buildCsr(signer, defaultQualifiedCsrRequest(subject));
    };
    EXPECT_THROW(build({ { "SNILS", "1234567890" } }), tokenbridge::RequestError); // 10 digits
    EXPECT_THROW(build({ { "INN", "12345678901a" } }), tokenbridge::RequestError);
    EXPECT_THROW(build({ { "C", "RUS" } }), tokenbridge::RequestError);
    EXPECT_THROW(build({ { "nickname", "x" } }), tokenbridge::RequestError);
    EXPECT_THROW(build(nlohmann::json::object()), tokenbridge::RequestError);
    auto request = defaultQualifiedCsrRequest({ { "CN", "x" } });
    request.keyUsage = { "signEverything" };
    EXPECT_THROW(buildCsr(signer, request), tokenbridge::RequestError);
}

TEST(Csr, ArraySubjectKeepsOrderAndAcceptsOids)
{
    SoftwareSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    TestCa ca;
    const nlohmann::json subject =
        nlohmann::json::array({ { { "type", "CN" }, { "value", "First" } },
            { { "type", "2.5.4.12" }, { "value", "Director" } },
            { { "type", "C" }, { "value", "RU" } } });
    const auto info =
        parseCertificate(ca.issue(buildCsr(signer, defaultQualifiedCsrRequest(subject))));
    ASSERT_EQ(info.subject.size(), 3u);
    EXPECT_EQ(info.subject[0].key, "CN");
    EXPECT_EQ(info.subject[1].oid, "2.5.4.12");
    EXPECT_EQ(info.subject[1].value, "Director");
    EXPECT_EQ(info.subject[2].key, "C");
}

} // namespace
