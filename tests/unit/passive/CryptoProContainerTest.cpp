// The CryptoPro container reader against the one container CryptoPro CSP itself wrote that we
// have (tests/data/cryptopro, kov-serg/get-cpcert's sample, password "1"): the expected d and
// certificate, its MACs, and every way of damaging it.

#include "modes/passive/CryptoProContainer.hpp"
#include "CryptoProSample.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/CmsBuilder.hpp"
#include "crypto/Der.hpp"
#include "crypto/Gost28147.hpp"
#include "crypto/SoftwareSigner.hpp"
#include "OpenSslCli.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace tokenbridge::test::cryptopro;
using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

std::string readText(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Bytes expectedCertificate()
{
    const auto pem = readText(std::filesystem::path(TB_CRYPTOPRO_DATA) / "g2012256.expected.pem");
    const auto begin = pem.find("-----BEGIN CERTIFICATE-----");
    const auto end = pem.find("-----END CERTIFICATE-----");
    const auto block = pem.substr(begin, end + 25 - begin);
    return crypto::parseCertificate(asBytes(block)).der;
}

ErrorCode failure(const CryptoProFiles& files, const std::string& password = PASSWORD)
{
    try {
        CryptoProContainer::read(files, asBytes(password));
    } catch (const Error& error) {
        return error.code();
    }
    return ErrorCode::INTERNAL_ERROR; // stands for "no error" here: the test expects one
}

} // namespace

TEST(CryptoProContainer, ReadsTheCspSampleToTheExpectedKeyAndCertificate)
{
    const auto container = CryptoProContainer::readFolder(SAMPLE, asBytes(PASSWORD));
    EXPECT_EQ(bigEndianD(container), EXPECTED_D);
    EXPECT_EQ(container.name(), "g2012256");
    ASSERT_EQ(container.certificates().size(), 1U);
    EXPECT_EQ(container.certificates()[0], expectedCertificate());
    // The certificate's public key is the key's.
    const auto certificate = crypto::parseCertificate(container.certificates()[0]);
    EXPECT_EQ(crypto::PublicKey::fromSpki(certificate.spki).gostRaw(),
        container.privateKey().publicKey().gostRaw());
    EXPECT_EQ(container.privateKey().publicKey().paramSetOid(), "1.2.643.2.2.36.0");
}

TEST(CryptoProContainer, WrongPasswordIsItsOwnError)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    for (const std::string password : { "", "2", "11", "1 " }) {
        EXPECT_EQ(failure(files, password), ErrorCode::CONTAINER_PASSWORD_INCORRECT) << password;
    }
    try {
        CryptoProContainer::read(files, asBytes(std::string("secret-guess")));
        FAIL() << "a wrong password opened the container";
    } catch (const UserActionError& error) {
        EXPECT_EQ(std::string(error.what()).find("secret-guess"), std::string::npos);
    }
}

TEST(CryptoProContainer, EveryFileCutShortIsCorrupted)
{
    for (const auto& file : sampleFiles()) {
        auto files = CryptoProContainer::loadFolder(SAMPLE);
        auto& bytes = file.slot(files);
        for (std::size_t size = 0; size < bytes.size(); ++size) {
            auto cut = files;
            file.slot(cut).resize(size);
            ASSERT_EQ(failure(cut), ErrorCode::CONTAINER_CORRUPTED) << file.name << " " << size;
        }
    }
}

// The key read from the CSP-made container signs a CMS that openssl verifies with the
// container's own certificate (-noverify: the sample's issuing CA is not published with it; the
// signature itself is still checked, and a changed content must fail).
TEST(CryptoProContainer, CspSampleKeySignsACmsOpensslVerifies)
{
    auto container = CryptoProContainer::readFolder(SAMPLE, asBytes(PASSWORD));
    const Bytes certificate = container.certificates().at(0);
    crypto::SoftwareSigner signer(
        crypto::PrivateKey::fromDer(container.privateKey().toDer().view()));
    const std::string content = "document signed with a key CryptoPro CSP wrote";
    crypto::test::OpenSslCli cli;
    cli.write("data.bin", content);
    cli.write("changed.bin", content + ".");
    cli.write("signer.der", certificate);
    cli.write("detached.p7s", crypto::cmsSignData(signer, certificate, asBytes(content)));
    EXPECT_EQ(cli.run("cms -verify -binary -inform DER -in detached.p7s -content data.bin "
                      "-noverify -certfile signer.der -out /dev/null"),
        0)
        << cli.lastLog();
    EXPECT_NE(cli.run("cms -verify -binary -inform DER -in detached.p7s -content changed.bin "
                      "-noverify -out /dev/null"),
        0)
        << cli.lastLog();
}

// The sample's key attributes are BIT STRING 05 a0 (pkaExportable, pkaExchange): exportable.
// Clearing bit 0 (and recomputing the header MAC, as CSP does when it changes the flag) makes
// the same key non-exportable.
TEST(CryptoProContainer, ExportableIsBitZeroOfTheKeyAttributes)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    EXPECT_TRUE(CryptoProContainer::read(files, asBytes(PASSWORD)).exportable());

    namespace der = crypto::der;
    der::Reader outer(der::parseSingle(files.header).content);
    const auto content = outer.expect(der::tag::SEQUENCE);
    Bytes body(content.content.begin(), content.content.end());
    // The first 03 02 05 a0 in the content is the primary key's attributes (the container's
    // own attributes before it are 03 02 06 c0).
    const Bytes exportable = fromHex("030205a0");
    const auto at = std::search(body.begin(), body.end(), exportable.begin(), exportable.end());
    ASSERT_NE(at, body.end());
    *(at + 3) = 0x20; // pkaExchange only
    const Bytes newContent = der::tlv(der::tag::SEQUENCE, body);
    const Bytes zero(32, 0);
    const auto mac = crypto::Gost28147(zero, crypto::gost28147ParamZ()).mac(newContent);
    auto changed = files;
    changed.header = der::sequence({ newContent, der::octetString(ByteView(mac.data(), 4)) });
    const auto container = CryptoProContainer::read(changed, asBytes(PASSWORD));
    EXPECT_FALSE(container.exportable());
    EXPECT_EQ(bigEndianD(container), EXPECTED_D);
}
