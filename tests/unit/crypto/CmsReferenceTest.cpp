#include "TestCa.hpp"
#include "TestUtil.hpp"

#include "crypto/CmsVerifier.hpp"
#include "crypto/OpenSsl.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

// TC26 "CMS with GOST" reference SignedData messages (gost-sespake.md §5.3): attached, no signed
// attributes, no certificate inside. We rebuild a certificate with the issuer/serial the
// SignerInfo names from the published private key, then verify.
struct Reference
{
    KeyAlgorithm algorithm;
    const char* paramSetOid;
    const char* privateKey; // big-endian as printed
    const char* publicX; // big-endian as printed, or empty
    const char* base64;
};

const Reference REF_256 { KeyAlgorithm::Gost2012_256, "1.2.643.2.2.36.0",
    "BFCF1D623E5CDD3032A7C6EABB4A923C46E43D640FFEAAF2C3ED39A8FA399924",
    "971566CEDA436EE7678F7E07E84EBB7217406C0B4747AA8FD2AB1453C3D0DFBA",
    "MIIBBQYJKoZIhvcNAQcCoIH3MIH0AgEBMQ4wDAYIKoUDBwEBAgIFADAbBgkqhkiG"
    "9w0BBwGgDgQMVGVzdCBtZXNzYWdlMYHBMIG+AgEBMFswVjEpMCcGCSqGSIb3DQEJ"
    "ARYaR29zdFIzNDEwLTIwMTJAZXhhbXBsZS5jb20xKTAnBgNVBAMTIEdvc3RSMzQx"
    "MC0yMDEyICgyNTYgYml0KSBleGFtcGxlAgEBMAwGCCqFAwcBAQICBQAwDAYIKoUD"
    "BwEBAQEFAARAkptb2ekZbC94FaGDQeP70ExvTkXtOY9zgz3cCco/hxPhXUVo3eCx"
    "VNwDQ8enFItJZ8DEX4blZ8QtziNCMl5HbA==" };

const Reference REF_512 { KeyAlgorithm::Gost2012_512, "1.2.643.7.1.2.1.2.2",
    "3FC01CDCD4EC5F972EB482774C41E66DB7F380528DFE9E67992BA05AEE462435757530E641077CE587B976C8EEB48C"
    "48FD33FD175F0C7DE6A44"
    "E014E6BCB074B",
    "",
    "MIIBSQYJKoZIhvcNAQcCoIIBOjCCATYCAQExDjAMBggqhQMHAQECAwUAMBsGCSqG"
    "SIb3DQEHAaAOBAxUZXN0IG1lc3NhZ2UxggECMIH/AgEBMFswVjEpMCcGCSqGSIb3"
    "DQEJARYaR29zdFIzNDEwLTIwMTJAZXhhbXBsZS5jb20xKTAnBgNVBAMTIEdvc3RS"
    "MzQxMC0yMDEyICg1MTIgYml0KSBleGFtcGxlAgEBMAwGCCqFAwcBAQIDBQAwDAYI"
    "KoUDBwEBAQIFAASBgFyVohNhMHUi/+RAF3Gh/cC7why6v+4jPWVlx1TYlXtV8Hje"
    "hI2Y+rP52/LO6EUHG/XcwCBbUxmRWsbUSRRBAexmaafkSdvv2FFwC8kHOcti+UPX"
    "PS+KRYxT8vhcsBLWWxDkc1McI7aF09hqtED36mQOfACzeJjEoUjALpmJob1V" };

class Tc26Reference : public ::testing::TestWithParam<Reference>
{
};

TEST_P(Tc26Reference, SignatureVerifies)
{
    const auto& reference = GetParam();
    const Bytes message = fromBase64(reference.base64);
    RawPrivateKey raw;
    raw.algorithm = reference.algorithm;
    raw.paramSetOid = reference.paramSetOid;
    raw.scalarLittleEndian = SecureBuffer(reversed(fromHex(reference.privateKey)));
    const PrivateKey key = PrivateKey::fromRaw(raw);
    if (*reference.publicX != '\0') {
        const Bytes xy = key.publicKey().gostRaw();
        EXPECT_EQ(
            toHex(reversed(Bytes(xy.begin(), xy.begin() + 32))), toHex(fromHex(reference.publicX)));
    }

    // Certificate whose issuer/serial equal the SignerInfo's sid.
    const unsigned char* cursor = message.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(message.size())));
    ASSERT_TRUE(cms);
    CMS_SignerInfo* signerInfo = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
    ASN1_OCTET_STRING* keyId = nullptr;
    X509_NAME* issuer = nullptr;
    ASN1_INTEGER* serial = nullptr;
    ASSERT_EQ(CMS_SignerInfo_get0_signer_id(signerInfo, &keyId, &issuer, &serial), 1);
    const Bytes certificate = selfSigned(key, issuer, serial);

    CmsVerifyOptions options;
    options.extraCertificates = { certificate };
    options.trustedRoots = { certificate };
    const auto result = verifyCms(message, options);
    ASSERT_EQ(result.signers.size(), 1u);
    EXPECT_TRUE(result.allValid()) << result.toJson().dump(2);
    EXPECT_EQ(
        result.content, Bytes(asBytes("Test message").begin(), asBytes("Test message").end()));

    // Another key with the same name must not verify.
    const PrivateKey other = PrivateKey::generate(reference.algorithm, "B");
    const Bytes wrongCertificate = selfSigned(other, issuer, serial);
    options.extraCertificates = { wrongCertificate };
    options.trustedRoots = { wrongCertificate };
    EXPECT_FALSE(verifyCms(message, options).signers[0].signatureValid);
}

INSTANTIATE_TEST_SUITE_P(
    Tc26, Tc26Reference, ::testing::Values(REF_256, REF_512), [](const auto& info) {
        return info.index == 0 ? std::string("Bits256") : std::string("Bits512");
    });

} // namespace
