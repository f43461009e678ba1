#include "OpenSslCli.hpp"
#include "TestCa.hpp"
#include "TestUtil.hpp"

#include "crypto/CmsBuilder.hpp"
#include "crypto/CmsVerifier.hpp"
#include "crypto/CsrBuilder.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

// Stands in for a PKCS#11 key: the builders only see X_le || Y_le + the parameter-set OID (as in
// CKA_VALUE / CKA_GOSTR3410_PARAMS) and a black-box "sign this digest" returning s || r.
class TokenLikeSigner final : public Signer
{
public:
    explicit TokenLikeSigner(RawPrivateKey raw) :
        _raw(std::move(raw)), _publicRaw(PrivateKey::fromRaw(_raw).publicKey().gostRaw())
    {
    }
    [[nodiscard]] KeyAlgorithm algorithm() const override { return _raw.algorithm; }
    [[nodiscard]] Bytes publicKeySpki() const override
    {
        return PublicKey::fromGostRaw(_raw.algorithm, _raw.paramSetOid, _publicRaw).spki();
    }
    Bytes signDigest(ByteView digest) override
    {
        ++calls;
        return SoftwareSigner(PrivateKey::fromRaw(_raw)).signDigest(digest);
    }
    int calls = 0;

private:
    RawPrivateKey _raw;
    Bytes _publicRaw;
};

TEST(SignerInterface, CsrAndCmsWorkThroughTheInterfaceOnly)
{
    TestCa ca;
    TokenLikeSigner signer(PrivateKey::generate(KeyAlgorithm::Gost2012_512, "C").toRaw());
    const Bytes csr = buildCsr(signer, defaultQualifiedCsrRequest({ { "CN", "Token key" } }));
    EXPECT_EQ(signer.calls, 1);
    const Bytes certificate = ca.issue(csr);
    const Bytes content(asBytes("payload").begin(), asBytes("payload").end());
    const Bytes cms = cmsSignData(signer, certificate, content);
    EXPECT_EQ(signer.calls, 2);

    CmsVerifyOptions options;
    options.detachedContent = ByteView(content);
    options.trustedRoots = { ca.rootDer() };
    EXPECT_TRUE(verifyCms(cms, options).allValid());
    OpenSslCli cli;
    cli.write("data.bin", content);
    cli.write("root.pem", ca.rootPem());
    cli.write("s.p7s", cms);
    EXPECT_EQ(
        cli.run(
            "cms -verify -cades -binary -inform DER -in s.p7s -content data.bin -CAfile root.pem "
            "-out /dev/null"),
        0)
        << cli.lastLog();
}

} // namespace
