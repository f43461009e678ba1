#include "OpenSslCli.hpp"
#include "TestCa.hpp"
#include "TestUtil.hpp"

#include "crypto/CmsBuilder.hpp"
#include "crypto/CmsVerifier.hpp"
#include "crypto/Hasher.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

const std::time_t SIGNING_TIME = 1795000000; // 2026-11-18T11:06:40Z

class Cms : public ::testing::TestWithParam<std::pair<KeyAlgorithm, const char*>>
{
protected:
    Cms() : issued(issueSigner(ca, GetParam().first, GetParam().second, "Signer One")) { }

    CmsVerifyOptions options(std::optional<ByteView> content = std::nullopt) const
    {
        CmsVerifyOptions out;
        out.detachedContent = content;
        out.trustedRoots = { ca.rootDer() };
        return out;
    }

    CmsSignOptions signOptions(bool detached) const
    {
        CmsSignOptions out;
        out.detached = detached;
        out.signingTime = SIGNING_TIME;
        return out;
    }

    TestCa ca;
    IssuedSigner issued;
    const Bytes content =
        Bytes(asBytes("Документ для подписи\n").begin(), asBytes("Документ для подписи\n").end());
};

TEST_P(Cms, DetachedSignVerify)
{
    const Bytes cms = cmsSignData(*issued.signer, issued.certificate, content, signOptions(true));
    const auto result = verifyCms(cms, options(ByteView(content)));
    ASSERT_EQ(result.signers.size(), 1u);
    EXPECT_TRUE(result.detached);
    EXPECT_TRUE(result.allValid()) << result.toJson().dump(2);
    const auto& signer = result.signers[0];
    EXPECT_EQ(signer.signingTime, SIGNING_TIME);
    EXPECT_TRUE(signer.signingCertificatePresent);
    EXPECT_TRUE(signer.signingCertificateMatches);
    ASSERT_TRUE(signer.certificate);
    EXPECT_EQ(signer.certificate->subjectAttribute("CN"), "Signer One");
    EXPECT_EQ(signer.digestAlgorithmOid, hashInfo(cmsDigestAlgorithm(GetParam().first)).oid);
    EXPECT_EQ(result.toJson()["signers"][0]["signingTime"], "2026-11-18T11:06:40Z");

    // The detached content is required.
    EXPECT_THROW(verifyCms(cms, options()), tokenbridge::RequestError);
}

TEST_P(Cms, AttachedSignVerifyReturnsContent)
{
    const Bytes cms = cmsSignData(*issued.signer, issued.certificate, content, signOptions(false));
    const auto result = verifyCms(cms, options());
    EXPECT_FALSE(result.detached);
    EXPECT_EQ(result.content, content);
    EXPECT_TRUE(result.allValid()) << result.toJson().dump(2);
}

TEST_P(Cms, ChangedContentOrSignatureBreaksVerification)
{
    const Bytes cms = cmsSignData(*issued.signer, issued.certificate, content, signOptions(true));
    Bytes changed = content;
    changed[3] ^= 0x01;
    const auto wrongContent = verifyCms(cms, options(ByteView(changed)));
    EXPECT_FALSE(wrongContent.signers[0].digestMatches);
    EXPECT_TRUE(wrongContent.signers[0].signatureValid);
    EXPECT_FALSE(wrongContent.allValid());

    // The signature OCTET STRING is the last element of the (only) SignerInfo.
    Bytes tampered = cms;
    tampered[tampered.size() - 5] ^= 0x01;
    const auto wrongSignature = verifyCms(tampered, options(ByteView(content)));
    EXPECT_FALSE(wrongSignature.signers[0].signatureValid);
    EXPECT_FALSE(wrongSignature.allValid());
}

TEST_P(Cms, StreamedDigestEqualsDataSignature)
{
    Hasher hasher(cmsDigestAlgorithm(issued.signer->algorithm()));
    for (std::size_t offset = 0; offset < content.size(); offset += 5) {
        hasher.update(
            ByteView(content).subspan(offset, std::min<std::size_t>(5, content.size() - offset)));
    }
    const Bytes digest = hasher.finish();
    const Bytes cms = cmsSignDigest(*issued.signer, issued.certificate, digest, signOptions(true));
    EXPECT_TRUE(verifyCms(cms, options(ByteView(content))).allValid());
    auto byDigest = options();
    byDigest.detachedDigest = digest;
    EXPECT_TRUE(verifyCms(cms, byDigest).allValid());
}

TEST_P(Cms, OpenSslCliVerifiesDetachedAndAttached)
{
    OpenSslCli cli;
    cli.write("data.bin", content);
    cli.write("root.pem", ca.rootPem());
    cli.write("detached.p7s",
        cmsSignData(*issued.signer, issued.certificate, content, signOptions(true)));
    cli.write("attached.p7s",
        cmsSignData(*issued.signer, issued.certificate, content, signOptions(false)));
    EXPECT_EQ(
        cli.run("cms -verify -cades -binary -inform DER -in detached.p7s -content data.bin -CAfile "
                "root.pem -out /dev/null"),
        0)
        << cli.lastLog();
    EXPECT_EQ(cli.run("cms -verify -cades -binary -inform DER -in attached.p7s -CAfile root.pem "
                      "-out out.bin"),
        0)
        << cli.lastLog();
    EXPECT_EQ(cli.read("out.bin"), content);
    cli.write("changed.bin", "something else");
    EXPECT_NE(cli.run("cms -verify -binary -inform DER -in detached.p7s -content changed.bin "
                      "-CAfile root.pem -out /dev/null"),
        0);
}

TEST_P(Cms, UntrustedRootFailsTheChainOnly)
{
    const Bytes cms = cmsSignData(*issued.signer, issued.certificate, content, signOptions(true));
    TestCa otherCa;
    auto opts = options(ByteView(content));
    opts.trustedRoots = { otherCa.rootDer() };
    const auto result = verifyCms(cms, opts);
    EXPECT_TRUE(result.signers[0].signatureValid);
    EXPECT_FALSE(result.signers[0].chainValid);
    EXPECT_FALSE(result.signers[0].chainError.empty());
}

INSTANTIATE_TEST_SUITE_P(Keys, Cms,
    ::testing::Values(std::pair { KeyAlgorithm::Gost2012_256, "A" },
        std::pair { KeyAlgorithm::Gost2012_256, "TCA" },
        std::pair { KeyAlgorithm::Gost2012_512, "A" }, std::pair { KeyAlgorithm::EcdsaP256, "" },
        std::pair { KeyAlgorithm::Rsa, "" }),
    KeyPairName());

TEST(CmsCoSign, TwoValidSignersDetachedAndAttached)
{
    TestCa ca;
    const auto first = issueSigner(ca, KeyAlgorithm::Gost2012_256, "A", "First", 10);
    const auto second = issueSigner(ca, KeyAlgorithm::Gost2012_512, "B", "Second", 11);
    const Bytes content(asBytes("co-signed content").begin(), asBytes("co-signed content").end());
    OpenSslCli cli;
    cli.write("data.bin", content);
    cli.write("root.pem", ca.rootPem());
    for (bool detached : { true, false }) {
        CmsSignOptions signOptions;
        signOptions.detached = detached;
        const Bytes one = cmsSignData(*first.signer, first.certificate, content, signOptions);
        CmsDetachedContent detachedContent;
        if (detached) {
            detachedContent.data = ByteView(content);
        }
        const Bytes two = cmsCoSign(*second.signer, second.certificate, one, detachedContent);
        CmsVerifyOptions options;
        options.trustedRoots = { ca.rootDer() };
        if (detached) {
            options.detachedContent = ByteView(content);
        }
        const auto result = verifyCms(two, options);
        ASSERT_EQ(result.signers.size(), 2u);
        EXPECT_TRUE(result.allValid()) << result.toJson().dump(2);
        std::vector<std::string> names;
        for (const auto& signer : result.signers) {
            names.push_back(*signer.certificate->subjectAttribute("CN"));
        }
        std::sort(names.begin(), names.end());
        EXPECT_EQ(names, (std::vector<std::string> { "First", "Second" }));

        cli.write("cosigned.p7s", two);
        const std::string contentArg = detached ? " -content data.bin" : "";
        EXPECT_EQ(cli.run("cms -verify -cades -binary -inform DER -in cosigned.p7s" + contentArg
                      + " -CAfile root.pem -out /dev/null"),
            0)
            << cli.lastLog();
    }
}

TEST(CmsCoSign, CoSignsAnOpenSslProducedMessage)
{
    TestCa ca;
    const auto second = issueSigner(ca, KeyAlgorithm::Gost2012_256, "A", "Second", 11);
    OpenSslCli cli;
    const Bytes content(asBytes("by openssl").begin(), asBytes("by openssl").end());
    cli.write("data.bin", content);
    cli.write("root.pem", ca.rootPem());
    ASSERT_EQ(cli.run("genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out k.pem"), 0)
        << cli.lastLog();
    ASSERT_EQ(
        cli.run("req -new -x509 -key k.pem -md_gost12_256 -days 2 -subj /CN=CliSigner -out c.pem"),
        0)
        << cli.lastLog();
    ASSERT_EQ(cli.run("cms -sign -binary -in data.bin -signer c.pem -inkey k.pem -md md_gost12_256 "
                      "-outform DER -out s.p7s -nodetach"),
        0)
        << cli.lastLog();
    const Bytes cosigned = cmsCoSign(*second.signer, second.certificate, cli.read("s.p7s"));
    const Bytes cliRoot = cli.read("c.pem");
    CmsVerifyOptions options;
    options.trustedRoots = { ca.rootDer(), cliRoot };
    const auto result = verifyCms(cosigned, options);
    ASSERT_EQ(result.signers.size(), 2u);
    EXPECT_TRUE(result.allValid()) << result.toJson().dump(2);
}

TEST(CmsBuilder, RejectsACertificateOfAnotherKey)
{
    TestCa ca;
    const auto first = issueSigner(ca, KeyAlgorithm::Gost2012_256, "A", "First");
    SoftwareSigner stranger(PrivateKey::generate(KeyAlgorithm::Gost2012_256, "A"));
    EXPECT_THROW(cmsSignData(stranger, first.certificate, asBytes("x")), tokenbridge::RequestError);
}

TEST(CmsVerifier, GarbageIsARequestError)
{
    EXPECT_THROW(verifyCms(asBytes("garbage"), {}), tokenbridge::RequestError);
}

} // namespace

namespace
{

// gost-sespake.md §5.1: we emit the key OID as SignerInfo.signatureAlgorithm (like `openssl cms`
// and the TC26 messages) but must accept id-tc26-signwithdigest-gost3410-12-256 too. The OID is
// not covered by the signature and has the same length, so it can be swapped in place.
TEST(CmsVerifier, AcceptsSignWithDigestSignatureAlgorithm)
{
    TestCa ca;
    const auto issued = issueSigner(ca, KeyAlgorithm::Gost2012_256, "A", "Signer");
    const Bytes content(asBytes("abc").begin(), asBytes("abc").end());
    Bytes cms = cmsSignData(*issued.signer, issued.certificate, content);
    // ... 06 08 <1.2.643.7.1.1.1.1> 05 00 04 40 <signature>: the last occurrence is the
    // SignerInfo's.
    const Bytes keyOid = fromHex("06082a85030701010101050004");
    const auto at = std::find_end(cms.begin(), cms.end(), keyOid.begin(), keyOid.end());
    ASSERT_NE(at, cms.end());
    at[8] = 0x03;
    at[9] = 0x02;
    CmsVerifyOptions options;
    options.detachedContent = ByteView(content);
    options.trustedRoots = { ca.rootDer() };
    EXPECT_TRUE(verifyCms(cms, options).allValid());
    OpenSslCli cli;
    cli.write("data.bin", content);
    cli.write("root.pem", ca.rootPem());
    cli.write("s.p7s", cms);
    EXPECT_EQ(cli.run("cms -verify -binary -inform DER -in s.p7s -content data.bin -CAfile "
                      "root.pem -out /dev/null"),
        0)
        << cli.lastLog();
}

} // namespace
