// encrypt/decrypt's crypto against the gost engine: the engine's `openssl cms -encrypt` is
// decrypted by cmsDecrypt (KEG, KImp15, CTR-ACPKM-OMAC), cmsEncrypt's output by `openssl cms
// -decrypt`, and every integrity check fails on a changed byte.
#include "OpenSslCli.hpp"
#include "TestCa.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/CmsDecryptor.hpp"
#include "crypto/CmsEncryptor.hpp"
#include "crypto/CmsEnvelope.hpp"
#include "crypto/GostCipher.hpp"
#include "crypto/SoftwareKeyAgreement.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <algorithm>
#include <functional>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using namespace tokenbridge::crypto::test;

namespace
{

struct Recipient
{
    PrivateKey key;
    Bytes certificate;
};

Recipient recipient(const TestCa& ca, KeyAlgorithm algorithm, std::string_view paramSet,
    const std::string& name, long serial)
{
    auto issued = issueSigner(ca, algorithm, paramSet, name, serial);
    return { PrivateKey::fromDer(issued.signer->key().toDer().view()), issued.certificate };
}

Bytes decryptWith(const Recipient& r, ByteView cms)
{
    SoftwareKeyAgreement agreement(PrivateKey::fromDer(r.key.toDer().view()));
    return cmsDecrypt(cms, r.certificate, agreement);
}

ErrorCode codeOf(const std::function<void()>& work)
{
    try {
        work();
    } catch (const Error& error) {
        return error.code();
    }
    return ErrorCode::INTERNAL_ERROR;
}

std::string pem(const SecureBuffer& buffer)
{
    return { buffer.data(), buffer.data() + buffer.size() };
}

std::string certificatePem(const Bytes& der)
{
    const auto x509 = loadX509(der);
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), x509.get());
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return { data, static_cast<std::size_t>(length) };
}

// Longer than the engine's default ACPKM sections (4 KiB, 1 KiB) and than Magma's CMS section
// (8 KiB), and not a whole number of blocks; `size` above Kuznyechik's CMS section (256 KiB).
Bytes message(std::size_t size = 9000 + 5)
{
    Bytes out(size);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<std::uint8_t>(i * 7 + i / 256);
    }
    return out;
}
const Bytes MESSAGE = message();

class CmsEnvelopeTest : public ::testing::Test
{
protected:
    TestCa ca;
    Recipient alice = recipient(ca, KeyAlgorithm::Gost2012_256, "A", "Alice", 11);
    Recipient bob = recipient(ca, KeyAlgorithm::Gost2012_256, "A", "Bob", 12);
    OpenSslCli cli;
};

} // namespace

TEST(GostKegTest, bothSidesAgreeAndTheUkmMatters)
{
    for (const auto algorithm : { KeyAlgorithm::Gost2012_256, KeyAlgorithm::Gost2012_512 }) {
        const auto mine = PrivateKey::generate(algorithm);
        const auto ephemeral = PrivateKey::generate(algorithm);
        const auto ukm = fromHex(std::string(64, '5'));
        const auto kegMine = softwareKeg(mine, ephemeral.publicKey().spki(), ukm);
        EXPECT_EQ(kegMine.size(), KeyAgreement::KEG_SIZE);
        EXPECT_EQ(kegMine, softwareKeg(ephemeral, mine.publicKey().spki(), ukm));
        auto other = ukm;
        other[20] ^= 1; // the KDF seed half of the UKM (256) / the VKO half (512) is used
        other[3] ^= 1;
        EXPECT_FALSE(kegMine == softwareKeg(mine, ephemeral.publicKey().spki(), other));
    }
}

TEST_F(CmsEnvelopeTest, decryptsWhatTheEngineEncryptsWithBothCiphers)
{
    cli.write("alice.pem", certificatePem(alice.certificate));
    cli.write("bob.pem", certificatePem(bob.certificate));
    cli.write("message.bin", MESSAGE);
    for (const char* cipher : { "kuznyechik-ctr-acpkm-omac", "magma-ctr-acpkm-omac" }) {
        ASSERT_EQ(cli.run(std::string("cms -encrypt -binary -") + cipher
                      + " -in message.bin -outform DER -out message.p7m alice.pem bob.pem"),
            0)
            << cli.lastLog();
        const auto cms = cli.read("message.p7m");
        EXPECT_EQ(decryptWith(alice, cms), MESSAGE) << cipher;
        EXPECT_EQ(decryptWith(bob, cms), MESSAGE) << cipher;
    }
}

// gost engine 3.0.x's own decryption is right only within the first ACPKM section of its TLS
// default (1 KiB for Magma; gost-engine issue 529), so openssl decrypts a short message here;
// the long ones are proven against the engine's encryption above and below.
TEST_F(CmsEnvelopeTest, theEngineDecryptsWhatWeEncrypt)
{
    const auto shortMessage = message(1000);
    const auto rsa = recipient(ca, KeyAlgorithm::Rsa, "", "Rsa", 13);
    const auto ec = recipient(ca, KeyAlgorithm::EcdsaP256, "", "Ec", 14);
    cli.write("alice.key", pem(alice.key.toPem()));
    cli.write("rsa.key", pem(rsa.key.toPem()));
    cli.write("ec.key", pem(ec.key.toPem()));
    for (const auto cipher : { GostCipher::Kuznyechik, GostCipher::Magma }) {
        cli.write("out.p7m",
            cmsEncrypt(
                shortMessage, { alice.certificate, rsa.certificate, ec.certificate }, cipher));
        for (const char* key : { "alice.key", "rsa.key", "ec.key" }) {
            ASSERT_EQ(cli.run(std::string("cms -decrypt -binary -inform DER -in out.p7m -inkey ")
                          + key + " -out plain.bin"),
                0)
                << key << " " << cli.lastLog();
            EXPECT_EQ(cli.read("plain.bin"), shortMessage) << key;
        }
    }
}

TEST_F(CmsEnvelopeTest, crossesKuznyechiksCmsSectionBothWays)
{
    const auto big = message(300 * 1024 + 3);
    cli.write("alice.pem", certificatePem(alice.certificate));
    cli.write("big.bin", big);
    ASSERT_EQ(cli.run("cms -encrypt -binary -kuznyechik-ctr-acpkm-omac -in big.bin -outform DER "
                      "-out big.p7m alice.pem"),
        0)
        << cli.lastLog();
    EXPECT_EQ(decryptWith(alice, cli.read("big.p7m")), big);
    const auto ours = cmsEncrypt(big, { alice.certificate }, GostCipher::Kuznyechik);
    EXPECT_EQ(decryptWith(alice, ours), big);
}

TEST_F(CmsEnvelopeTest, roundTripWith512BitKeys)
{
    const auto big = recipient(ca, KeyAlgorithm::Gost2012_512, "A", "Big", 15);
    const auto cms = cmsEncrypt(MESSAGE, { big.certificate }, GostCipher::Kuznyechik);
    EXPECT_EQ(decryptWith(big, cms), MESSAGE);
}

TEST_F(CmsEnvelopeTest, emptyContentIsATypedRefusal)
{
    try {
        cmsEncrypt({}, { alice.certificate }, GostCipher::Kuznyechik);
        FAIL() << "empty content was encrypted";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
        EXPECT_EQ(error.details().value("param", ""), "data");
    }
}

TEST_F(CmsEnvelopeTest, aChangedByteFailsTheIntegrityCheck)
{
    const auto cms = cmsEncrypt(MESSAGE, { alice.certificate }, GostCipher::Kuznyechik);
    const auto envelope = parseCmsEnvelope(cms);
    ASSERT_EQ(envelope.recipients.size(), 1u);
    const auto transport = parseGostKeyTransport(envelope.recipients[0].encryptedKey);
    // The content (last byte of the ciphertext) and the wrapped content key.
    for (const auto& part : { envelope.encryptedContent, transport.wrappedKey }) {
        auto changed = cms;
        const auto at = std::search(changed.begin(), changed.end(), part.begin(), part.end());
        ASSERT_NE(at, changed.end());
        *(at + static_cast<std::ptrdiff_t>(part.size()) - 1) ^= 0x01;
        EXPECT_EQ(codeOf([&] { decryptWith(alice, changed); }), ErrorCode::DECRYPTION_FAILED);
    }
    EXPECT_EQ(decryptWith(alice, cms), MESSAGE);
}

TEST_F(CmsEnvelopeTest, anotherKeysMessageAndGarbageAreTold)
{
    const auto forBob = cmsEncrypt(MESSAGE, { bob.certificate }, GostCipher::Magma);
    EXPECT_EQ(codeOf([&] { decryptWith(alice, forBob); }), ErrorCode::NOT_A_RECIPIENT);
    EXPECT_EQ(codeOf([&] { decryptWith(alice, Bytes(40, 0x30)); }), ErrorCode::INVALID_PARAMS);
    auto cut = forBob;
    cut.resize(cut.size() / 2);
    EXPECT_EQ(codeOf([&] { decryptWith(bob, cut); }), ErrorCode::INVALID_PARAMS);
}

TEST(GostCipherTest, kimp15RefusesTheWrongKeg)
{
    const auto key = PrivateKey::generate(KeyAlgorithm::Gost2012_256);
    const auto ephemeral = PrivateKey::generate(KeyAlgorithm::Gost2012_256);
    const Bytes ukm(32, 0x42);
    const auto keg = softwareKeg(key, ephemeral.publicKey().spki(), ukm);
    const Bytes wrapped(48, 0x00);
    EXPECT_EQ(codeOf([&] { kimp15(GostCipher::Kuznyechik, keg, wrapped, ukm); }),
        ErrorCode::DECRYPTION_FAILED);
    EXPECT_EQ(
        codeOf([&] { kimp15(GostCipher::Magma, keg, wrapped, ukm); }), ErrorCode::INVALID_PARAMS);
    EXPECT_EQ(gostCipherByName("magma"), GostCipher::Magma);
    EXPECT_FALSE(gostCipherByName("aes"));
}
