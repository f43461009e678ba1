#include "TestUtil.hpp"

#include "crypto/Hasher.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

namespace
{

const std::string M1 = "012345678901234567890123456789012345678901234567890123456789012";
const Bytes M2 = fromHex(
    "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0e"
    "ce820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb");

TEST(Streebog, M1Vectors)
{
    EXPECT_EQ(toHex(hash(HashAlgorithm::Streebog512, asBytes(M1))),
        "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa"
        "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48");
    EXPECT_EQ(toHex(hash(HashAlgorithm::Streebog256, asBytes(M1))),
        "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500");
}

TEST(Streebog, M2Vectors)
{
    ASSERT_EQ(M2.size(), 72u);
    EXPECT_EQ(toHex(hash(HashAlgorithm::Streebog512, M2)),
        "1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376"
        "035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28");
    EXPECT_EQ(toHex(hash(HashAlgorithm::Streebog256, M2)),
        "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50");
}

TEST(Streebog, EmptyInput)
{
    EXPECT_EQ(toHex(hash(HashAlgorithm::Streebog256, {})),
        "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb");
}

TEST(Streebog, StreamingEqualsOneShotForOddChunks)
{
    Bytes data(100003);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i * 31 + 7);
    }
    for (auto algorithm :
        { HashAlgorithm::Streebog256, HashAlgorithm::Streebog512, HashAlgorithm::Sha256 }) {
        const Bytes expected = hash(algorithm, data);
        for (std::size_t chunk : { 1u, 7u, 63u, 64u, 65u, 1000u, 4099u }) {
            Hasher hasher(algorithm);
            for (std::size_t offset = 0; offset < data.size(); offset += chunk) {
                hasher.update(
                    ByteView(data).subspan(offset, std::min(chunk, data.size() - offset)));
            }
            EXPECT_EQ(hasher.finish(), expected) << "chunk " << chunk;
        }
    }
}

// peek() is what a stream's signature will carry if nothing more is appended (the extension
// shows it in the signature window), and the hasher goes on unchanged.
TEST(Streebog, PeekIsTheDigestSoFarAndTheHasherGoesOn)
{
    const Bytes first(4099, 0x5a);
    const Bytes second(77, 0xa5);
    Bytes both = first;
    both.insert(both.end(), second.begin(), second.end());
    for (auto algorithm : { HashAlgorithm::Streebog256, HashAlgorithm::Streebog512 }) {
        Hasher hasher(algorithm);
        EXPECT_EQ(hasher.peek(), hash(algorithm, {}));
        hasher.update(first);
        EXPECT_EQ(hasher.peek(), hash(algorithm, first));
        EXPECT_EQ(hasher.peek(), hash(algorithm, first));
        hasher.update(second);
        EXPECT_EQ(hasher.peek(), hash(algorithm, both));
        EXPECT_EQ(hasher.finish(), hash(algorithm, both));
        EXPECT_THROW((void)hasher.peek(), tokenbridge::FatalError);
    }
}

TEST(Streebog, FinishTwiceIsAnError)
{
    Hasher hasher(HashAlgorithm::Streebog256);
    hasher.finish();
    EXPECT_THROW(hasher.finish(), tokenbridge::FatalError);
    EXPECT_THROW(hasher.update(asBytes("x")), tokenbridge::FatalError);
}

TEST(Bytes, HexAndBase64RoundTrip)
{
    const Bytes data = fromHex("00 01 fe FF 7a");
    EXPECT_EQ(toHex(data), "0001feff7a");
    EXPECT_EQ(fromBase64(toBase64(data)), data);
    EXPECT_EQ(toBase64(asBytes("ab")), "YWI=");
    EXPECT_THROW(fromHex("abc"), tokenbridge::RequestError);
}

} // namespace

#include <atomic>
#include <thread>

namespace
{

// The "threadsafe" death-test style re-executes the binary for this test only, so the engine is
// loaded for the first time inside the child, by eight threads at once.
TEST(GostEngineDeathTest, ConcurrentFirstUseLoadsTheEngineOnce)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            std::atomic<int> good { 0 };
            std::vector<std::thread> threads;
            for (int i = 0; i < 8; ++i) {
                threads.emplace_back([&good] {
                    if (toHex(hash(HashAlgorithm::Streebog256, asBytes(M1)))
                        == "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500") {
                        ++good;
                    }
                });
            }
            for (auto& thread : threads) {
                thread.join();
            }
            std::exit(good == 8 ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

} // namespace
