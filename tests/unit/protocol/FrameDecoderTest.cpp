#include "protocol/FrameDecoder.hpp"
#include "protocol/MessageWriter.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::protocol;

namespace
{

std::span<const uint8_t> bytesOf(const std::string& text)
{
    return { reinterpret_cast<const uint8_t*>(text.data()), text.size() };
}

std::string header(uint32_t size)
{
    std::string bytes;
    for (int shift = 0; shift < 32; shift += 8) {
        bytes.push_back(static_cast<char>((size >> shift) & 0xFF));
    }
    return bytes;
}

// Feeds `stream` in pieces of the given sizes (cycled) and collects every event.
std::vector<FrameEvent> decode(
    const std::string& stream, std::vector<size_t> pieces, FrameLimits limits = {})
{
    FrameDecoder decoder(limits);
    std::vector<FrameEvent> events;
    size_t offset = 0;
    for (size_t i = 0; offset < stream.size(); ++i) {
        const size_t n = std::min(pieces[i % pieces.size()], stream.size() - offset);
        decoder.feed(bytesOf(stream).subspan(offset, n));
        offset += n;
        while (auto event = decoder.next()) {
            events.push_back(std::move(*event));
        }
    }
    return events;
}

} // namespace

TEST(FrameDecoder, encodesLittleEndianLength)
{
    const std::string frame = encodeFrame(std::string(0x0102, 'x'));
    ASSERT_EQ(frame.size(), 4U + 0x0102);
    EXPECT_EQ(uint8_t(frame[0]), 0x02);
    EXPECT_EQ(uint8_t(frame[1]), 0x01);
    EXPECT_EQ(uint8_t(frame[2]), 0x00);
    EXPECT_EQ(uint8_t(frame[3]), 0x00);
}

TEST(FrameDecoder, sameMessagesWhateverTheSplit)
{
    const std::string stream = encodeFrame(R"({"id":1,"command":"version"})") + encodeFrame("")
        + encodeFrame(std::string(70000, 'a')) + encodeFrame("{}");
    for (const std::vector<size_t>& pieces : std::vector<std::vector<size_t>> {
             { 1 }, { 2 }, { 3 }, { 5, 1 }, { 4096 }, { stream.size() } }) {
        const auto events = decode(stream, pieces);
        ASSERT_EQ(events.size(), 4U);
        EXPECT_EQ(events[0].payload, R"({"id":1,"command":"version"})");
        EXPECT_EQ(events[1].payload, "");
        EXPECT_EQ(events[2].payload, std::string(70000, 'a'));
        EXPECT_EQ(events[3].payload, "{}");
        for (const auto& event : events) {
            EXPECT_EQ(event.kind, FrameEvent::Kind::Message);
        }
    }
}

TEST(FrameDecoder, randomSplitsGiveTheSameResult)
{
    std::string stream;
    for (int i = 0; i < 50; ++i) {
        stream += encodeFrame(std::string(size_t(i * 37), char('a' + i % 26)));
    }
    std::mt19937 random(42);
    for (int round = 0; round < 20; ++round) {
        std::vector<size_t> pieces;
        for (int i = 0; i < 30; ++i) {
            pieces.push_back(1 + random() % 200);
        }
        const auto events = decode(stream, pieces);
        ASSERT_EQ(events.size(), 50U);
        for (int i = 0; i < 50; ++i) {
            EXPECT_EQ(events[size_t(i)].payload, std::string(size_t(i * 37), char('a' + i % 26)));
        }
    }
}

TEST(FrameDecoder, oversizeFrameIsSkippedAndTheStreamStaysInSync)
{
    const FrameLimits limits { 100, 10000 };
    const std::string stream = encodeFrame(std::string(101, 'x')) + encodeFrame("after")
        + encodeFrame(std::string(100, 'y'));
    for (size_t piece : { size_t(1), size_t(7), stream.size() }) {
        const auto events = decode(stream, { piece }, limits);
        ASSERT_EQ(events.size(), 3U);
        EXPECT_EQ(events[0].kind, FrameEvent::Kind::TooLarge);
        EXPECT_EQ(events[0].declaredSize, 101U);
        EXPECT_EQ(events[1].payload, "after");
        EXPECT_EQ(events[2].payload, std::string(100, 'y'));
    }
}

TEST(FrameDecoder, implausibleLengthClosesTheDecoder)
{
    const FrameLimits limits { 100, 1000 };
    FrameDecoder decoder(limits);
    const std::string stream = header(5000) + encodeFrame("ignored");
    decoder.feed(bytesOf(stream));
    auto event = decoder.next();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->kind, FrameEvent::Kind::Unrecoverable);
    EXPECT_EQ(event->declaredSize, 5000U);
    EXPECT_FALSE(decoder.next());
    EXPECT_TRUE(decoder.closed());
    decoder.feed(bytesOf(encodeFrame("more")));
    EXPECT_FALSE(decoder.next());
}

TEST(FrameDecoder, reportsMidFrameState)
{
    FrameDecoder decoder;
    EXPECT_FALSE(decoder.midFrame());
    const std::string frame = encodeFrame("hello");
    decoder.feed(bytesOf(frame).subspan(0, 2)); // half a header
    EXPECT_FALSE(decoder.next());
    EXPECT_TRUE(decoder.midFrame());
    decoder.feed(bytesOf(frame).subspan(2, 4)); // header done, part of the body
    EXPECT_FALSE(decoder.next());
    EXPECT_TRUE(decoder.midFrame());
    decoder.feed(bytesOf(frame).subspan(6));
    ASSERT_TRUE(decoder.next());
    EXPECT_FALSE(decoder.midFrame());
}

TEST(FrameDecoder, maxSizeMessageIsAccepted)
{
    const FrameLimits limits { 64, 1000 };
    const auto events = decode(encodeFrame(std::string(64, 'z')), { 9 }, limits);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::Message);
}
