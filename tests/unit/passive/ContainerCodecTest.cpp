#include "modes/passive/ContainerCodec.hpp"

#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

PublicPart samplePublic(bool withCertificate)
{
    PublicPart part;
    part.algorithm = crypto::KeyAlgorithm::Gost2012_512;
    part.paramSetOid = "1.2.643.7.1.2.1.2.1";
    part.label = "Подпись";
    part.created = 1'700'000'000;
    part.exportable = true;
    part.spki = Bytes(100, 0x30);
    if (withCertificate) {
        part.certificate = Bytes(700, 0x42);
    }
    part.keyId = Bytes(KEY_ID_SIZE, 0x11);
    return part;
}

PrivatePart samplePrivate()
{
    return { Bytes(16, 1), 2000, Bytes(8, 2), Bytes(32, 3), Bytes(16, 4) };
}

void expectCorrupted(const std::function<void()>& decode)
{
    try {
        decode();
        FAIL() << "decoded a damaged container";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::CONTAINER_CORRUPTED);
    }
}

} // namespace

TEST(ContainerCodec, PublicRoundTrip)
{
    for (const bool withCertificate : { false, true }) {
        const auto part = samplePublic(withCertificate);
        const auto back = decodePublic(encodePublic(part));
        EXPECT_EQ(back.algorithm, part.algorithm);
        EXPECT_EQ(back.paramSetOid, part.paramSetOid);
        EXPECT_EQ(back.label, part.label);
        EXPECT_EQ(back.created, part.created);
        EXPECT_EQ(back.exportable, part.exportable);
        EXPECT_EQ(back.spki, part.spki);
        EXPECT_EQ(back.certificate, part.certificate);
        EXPECT_EQ(back.keyId, part.keyId);
    }
}

TEST(ContainerCodec, PrivateRoundTrip)
{
    const auto part = samplePrivate();
    const auto back = decodePrivate(encodePrivate(part));
    EXPECT_EQ(back.salt, part.salt);
    EXPECT_EQ(back.iterations, part.iterations);
    EXPECT_EQ(back.iv, part.iv);
    EXPECT_EQ(back.ciphertext, part.ciphertext);
    EXPECT_EQ(back.mac, part.mac);
}

TEST(ContainerCodec, EveryTruncationIsCorrupted)
{
    const auto publicBytes = encodePublic(samplePublic(true));
    for (std::size_t size = 0; size < publicBytes.size(); ++size) {
        expectCorrupted([&] { decodePublic(ByteView(publicBytes).first(size)); });
    }
    const auto privateBytes = encodePrivate(samplePrivate());
    for (std::size_t size = 0; size < privateBytes.size(); ++size) {
        expectCorrupted([&] { decodePrivate(ByteView(privateBytes).first(size)); });
    }
}

TEST(ContainerCodec, DamagedHeadersAreCorrupted)
{
    auto bytes = encodePublic(samplePublic(false));
    bytes[3] = 2; // format version
    expectCorrupted([&] { decodePublic(bytes); });
    bytes = encodePublic(samplePublic(false));
    bytes[2] = 0xFF; // length of the version field past the end
    expectCorrupted([&] { decodePublic(bytes); });
    bytes = encodePublic(samplePublic(false));
    bytes.insert(bytes.end(), { 0x01, 0x00, 0x01, 0x01 }); // a repeated tag
    expectCorrupted([&] { decodePublic(bytes); });
    expectCorrupted([&] { decodePrivate(Bytes(200, 0xFF)); });
    auto zeroIterations = samplePrivate();
    zeroIterations.iterations = 0;
    expectCorrupted([&] { decodePrivate(encodePrivate(zeroIterations)); });
}

TEST(ContainerCodec, DirectoryRoundTripAndEmpty)
{
    Directory directory { 7, { { 0x4C00, 0x4D00 }, { 0x4C05, 0x4D01 } } };
    const auto bytes = encodeDirectory(directory);
    ASSERT_EQ(bytes.size(), DIRECTORY_SIZE);
    ASSERT_LE(bytes.size(), 255U); // one UPDATE BINARY is the commit
    const auto back = decodeDirectory(bytes);
    EXPECT_EQ(back.generation, 7U);
    ASSERT_EQ(back.entries.size(), 2U);
    EXPECT_EQ(back.entries[1].publicFid, 0x4C05);
    EXPECT_EQ(back.entries[1].privateFid, 0x4D01);
    EXPECT_TRUE(decodeDirectory(Bytes(DIRECTORY_SIZE, 0)).entries.empty());
}

TEST(ContainerCodec, DamagedDirectoryIsCorrupted)
{
    expectCorrupted([] { decodeDirectory(Bytes(10, 0)); });
    auto bytes = encodeDirectory({ 1, { { 0x4C00, 0x4D00 } } });
    bytes[0] = 'X';
    expectCorrupted([&] { decodeDirectory(bytes); });
    bytes = encodeDirectory({ 1, { { 0x4C00, 0x4D00 } } });
    bytes[8] = 0x3F; // an entry naming a file outside the container range
    expectCorrupted([&] { decodeDirectory(bytes); });
}
