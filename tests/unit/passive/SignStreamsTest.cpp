#include "commands/SignStreams.hpp"

#include "crypto/Hasher.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using commands::SignStreams;

TEST(SignStreams, ChunksHashLikeTheWholeDocument)
{
    SignStreams streams;
    const auto id = streams.start("dev", "key", crypto::HashAlgorithm::Streebog256);
    const auto document = Bytes(10000, 0x61);
    const auto view = ByteView(document);
    EXPECT_EQ(streams.append(id, 0, view.first(3000)), 3000U);
    EXPECT_EQ(streams.append(id, 3000, view.subspan(3000)), 10000U);
    EXPECT_EQ(streams.target(id).keyId, "key");
    const auto stream = streams.finish(id);
    EXPECT_EQ(stream->bytes, 10000U);
    EXPECT_EQ(stream->hasher.finish(), crypto::hash(crypto::HashAlgorithm::Streebog256, document));
}

TEST(SignStreams, OutOfOrderChunkIsRefusedAndNotHashed)
{
    SignStreams streams;
    const auto id = streams.start("dev", "key", crypto::HashAlgorithm::Streebog256);
    const Bytes chunk(100, 1);
    streams.append(id, 0, chunk);
    try {
        streams.append(id, 0, chunk);
        FAIL() << "a repeated chunk was accepted";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
        EXPECT_EQ(error.details()["expected"], 100);
    }
    EXPECT_EQ(streams.append(id, 100, chunk), 200U);
}

TEST(SignStreams, FinishedOrUnknownStreamsAreGone)
{
    SignStreams streams;
    const auto id = streams.start("dev", "key", crypto::HashAlgorithm::Streebog512);
    streams.finish(id);
    EXPECT_THROW(streams.finish(id), RequestError);
    EXPECT_THROW(streams.append("nope", 0, Bytes(1)), RequestError);
    EXPECT_THROW(streams.target("nope"), RequestError);
}

TEST(SignStreams, AtMostEightOpen)
{
    SignStreams streams;
    for (std::size_t i = 0; i < SignStreams::MAX_STREAMS; ++i) {
        streams.start("dev", "key", crypto::HashAlgorithm::Streebog256);
    }
    try {
        streams.start("dev", "key", crypto::HashAlgorithm::Streebog256);
        FAIL() << "a ninth stream was opened";
    } catch (const RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::BUSY);
    }
}
