// Re-sealing a CryptoPro container under another password, on the one container CryptoPro CSP
// itself wrote (tests/data/cryptopro, password "1"), and the on-token FF padding. The
// independent tool's reading of re-sealed containers: cpcontainer.host (tests/unit/cpcontainer).

#include "modes/passive/CryptoProReseal.hpp"
#include "CryptoProSample.hpp"

#include "core/Error.hpp"
#include "crypto/Der.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace tokenbridge::test::cryptopro;
using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

template <typename Call> ErrorCode failure(Call call)
{
    try {
        call();
    } catch (const Error& error) {
        return error.code();
    }
    return ErrorCode::INTERNAL_ERROR; // stands for "no error" here: the test expects one
}

ErrorCode readFailure(const CryptoProFiles& files, const std::string& password)
{
    return failure([&] { CryptoProContainer::read(files, asBytes(password)); });
}

// The number of bytes that differ between two files of the same size.
std::size_t differing(const Bytes& a, const Bytes& b)
{
    EXPECT_EQ(a.size(), b.size());
    std::size_t count = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        count += a[i] != b[i] ? 1 : 0;
    }
    return count;
}

void expectSameKey(const CryptoProFiles& files, const std::string& password)
{
    const auto container = CryptoProContainer::read(files, asBytes(password));
    EXPECT_EQ(bigEndianD(container), EXPECTED_D);
    EXPECT_TRUE(container.exportable());
    EXPECT_EQ(container.name(), "g2012256");
    EXPECT_EQ(container.certificates().size(), 1U);
}

} // namespace

TEST(CryptoProReseal, CspSampleToTheEmptyPasswordKeepsItsKey)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    const auto resealed = resealCryptoPro(files, asBytes(PASSWORD), {});
    expectSameKey(resealed, "");
    EXPECT_EQ(readFailure(resealed, PASSWORD), ErrorCode::CONTAINER_PASSWORD_INCORRECT);
    // Masks and name are kept; the header changes in hmacPassword and its MAC only (at most 8
    // bytes), the encrypted keys entirely.
    EXPECT_EQ(resealed.masks, files.masks);
    EXPECT_EQ(resealed.masks2, files.masks2);
    EXPECT_EQ(resealed.name, files.name);
    EXPECT_GT(differing(resealed.header, files.header), 0U);
    EXPECT_LE(differing(resealed.header, files.header), 8U);
    EXPECT_GT(differing(resealed.primary, files.primary), 16U);
    EXPECT_GT(differing(*resealed.primary2, *files.primary2), 16U);
    // The DER framing (the first 4 bytes of the 36-byte primary.key: 30 22 04 20) is kept.
    EXPECT_TRUE(
        std::equal(files.primary.begin(), files.primary.begin() + 4, resealed.primary.begin()));
}

TEST(CryptoProReseal, EmptyToAPasswordAndPasswordToAnother)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    const auto empty = resealCryptoPro(files, asBytes(PASSWORD), {});
    const auto sealed = resealCryptoPro(empty, {}, asBytes(std::string("new secret")));
    expectSameKey(sealed, "new secret");
    EXPECT_EQ(readFailure(sealed, ""), ErrorCode::CONTAINER_PASSWORD_INCORRECT);

    const auto other = resealCryptoPro(files, asBytes(PASSWORD), asBytes(std::string("2")));
    expectSameKey(other, "2");
    EXPECT_EQ(readFailure(other, PASSWORD), ErrorCode::CONTAINER_PASSWORD_INCORRECT);
    // Back to the original password: CSP's own bytes again (the transformation loses nothing).
    const auto back = resealCryptoPro(other, asBytes(std::string("2")), asBytes(PASSWORD));
    EXPECT_EQ(back.header, files.header);
    EXPECT_EQ(back.primary, files.primary);
    EXPECT_EQ(back.primary2, files.primary2);
}

TEST(CryptoProReseal, AWrongOldPasswordOrADamagedContainerIsRefused)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    EXPECT_EQ(failure([&] { resealCryptoPro(files, asBytes(std::string("2")), {}); }),
        ErrorCode::CONTAINER_PASSWORD_INCORRECT);
    auto damaged = files;
    damaged.primary[10] ^= 0x01; // primary.key has no MAC: the fingerprint finds it
    EXPECT_EQ(failure([&] { resealCryptoPro(damaged, asBytes(PASSWORD), {}); }),
        ErrorCode::CONTAINER_CORRUPTED);
    damaged = files;
    damaged.header[20] ^= 0x01;
    EXPECT_EQ(failure([&] { resealCryptoPro(damaged, asBytes(PASSWORD), {}); }),
        ErrorCode::CONTAINER_CORRUPTED);
    damaged = files;
    damaged.masks2->back() ^= 0x01;
    EXPECT_EQ(failure([&] { resealCryptoPro(damaged, asBytes(PASSWORD), {}); }),
        ErrorCode::CONTAINER_CORRUPTED);
}

TEST(TrimTokenPadding, StripsFfPaddingAndKeepsAnUnpaddedFile)
{
    const auto files = CryptoProContainer::loadFolder(SAMPLE);
    for (const Bytes* file : { &files.header, &files.masks, &files.primary, &files.name }) {
        EXPECT_EQ(trimTokenPadding(*file), *file);
        Bytes padded = *file;
        padded.resize(file->size() + 100, 0xff);
        EXPECT_EQ(trimTokenPadding(padded), *file);
    }
}

TEST(TrimTokenPadding, AnElementPastTheDataOrNotFfAfterItIsCorrupted)
{
    const Bytes primary = CryptoProContainer::loadFolder(SAMPLE).primary;
    for (std::size_t size = 0; size < primary.size(); ++size) {
        const Bytes cut(primary.begin(), primary.begin() + static_cast<std::ptrdiff_t>(size));
        EXPECT_EQ(failure([&] { trimTokenPadding(cut); }), ErrorCode::CONTAINER_CORRUPTED) << size;
    }
    for (const std::uint8_t pad : { 0x00, 0xfe, 0x30 }) {
        Bytes padded = primary;
        padded.insert(padded.end(), { 0xff, pad, 0xff });
        EXPECT_EQ(failure([&] { trimTokenPadding(padded); }), ErrorCode::CONTAINER_CORRUPTED);
    }
    // All FF (a file created, never written) and indefinite lengths are no element.
    EXPECT_EQ(failure([] { trimTokenPadding(Bytes(64, 0xff)); }), ErrorCode::CONTAINER_CORRUPTED);
    EXPECT_EQ(
        failure([] { trimTokenPadding(fromHex("3080020100")); }), ErrorCode::CONTAINER_CORRUPTED);
}

// A header.key with two certificates is a few KB: a two-byte long-form length (30 82 xx xx).
TEST(TrimTokenPadding, LongFormLengths)
{
    namespace der = crypto::der;
    const Bytes big = der::sequence({ der::octetString(Bytes(2500, 0x5a)) });
    ASSERT_EQ(big[1], 0x82);
    Bytes padded = big;
    padded.resize(4096, 0xff);
    EXPECT_EQ(trimTokenPadding(padded), big);
    Bytes cut(big.begin(), big.end() - 1);
    cut.resize(2000, 0xff); // the declared length runs past the data
    EXPECT_EQ(failure([&] { trimTokenPadding(cut); }), ErrorCode::CONTAINER_CORRUPTED);
    EXPECT_EQ(failure([&] { trimTokenPadding(Bytes(big.begin(), big.end() - 1)); }),
        ErrorCode::CONTAINER_CORRUPTED);
}
