#include "modes/passive/KeySealing.hpp"

#include "crypto/PrivateKey.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

const Bytes KEY_ID(KEY_ID_SIZE, 0x5A);

void expectCorrupted(ByteView pin, ByteView keyId, const PrivatePart& part)
{
    try {
        openPrivateKey(pin, keyId, part);
        FAIL() << "opened a damaged or foreign container";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::CONTAINER_CORRUPTED);
    }
}

} // namespace

TEST(KeySealing, RoundTripRecoversTheKey)
{
    const auto key = crypto::PrivateKey::generate(crypto::KeyAlgorithm::Gost2012_256, "A");
    const auto raw = key.toRaw();
    const auto pin = asBytes("12345678");
    const auto part = sealPrivateKey(pin, KEY_ID, raw.scalarLittleEndian.view(), 100);
    EXPECT_NE(Bytes(part.ciphertext),
        Bytes(raw.scalarLittleEndian.view().begin(), raw.scalarLittleEndian.view().end()));
    const auto back = openPrivateKey(pin, KEY_ID, decodePrivate(encodePrivate(part)));
    EXPECT_TRUE(back == raw.scalarLittleEndian);
}

TEST(KeySealing, FreshSaltAndIvEachTime)
{
    const Bytes scalar(64, 7);
    const auto a = sealPrivateKey(asBytes("pin"), KEY_ID, scalar, 10);
    const auto b = sealPrivateKey(asBytes("pin"), KEY_ID, scalar, 10);
    EXPECT_NE(a.salt, b.salt);
    EXPECT_NE(a.iv, b.iv);
    EXPECT_NE(a.ciphertext, b.ciphertext);
}

TEST(KeySealing, AnyChangedByteIsDetected)
{
    const Bytes scalar(32, 9);
    const auto pin = asBytes("12345678");
    const auto part = sealPrivateKey(pin, KEY_ID, scalar, 10);
    const auto encoded = encodePrivate(part);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        auto damaged = encoded;
        damaged[i] ^= 0x01;
        try {
            expectCorrupted(pin, KEY_ID, decodePrivate(damaged));
        } catch (const RequestError& error) {
            EXPECT_EQ(error.code(), ErrorCode::CONTAINER_CORRUPTED); // caught by the codec
        }
    }
    // Moved to another container (other key id) or opened with another PIN.
    expectCorrupted(pin, Bytes(KEY_ID_SIZE, 0x5B), part);
    expectCorrupted(asBytes("12345679"), KEY_ID, part);
}
