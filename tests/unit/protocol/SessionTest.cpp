#include "TestTable.hpp"

#include "protocol/FrameDecoder.hpp"
#include "protocol/MessageWriter.hpp"
#include "protocol/Response.hpp"
#include "protocol/Session.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::protocol;
using nlohmann::json;

namespace
{

// Hands out the stream in pieces of `piece` bytes, then end of stream.
class ScriptedReader : public ByteReader
{
public:
    ScriptedReader(std::string stream, size_t piece) : _stream(std::move(stream)), _piece(piece) { }
    size_t read(std::span<uint8_t> buffer) override
    {
        const size_t n = std::min({ _piece, buffer.size(), _stream.size() - _offset });
        std::copy_n(_stream.begin() + long(_offset), n, buffer.begin());
        _offset += n;
        return n;
    }

private:
    std::string _stream;
    size_t _piece;
    size_t _offset = 0;
};

class CollectingWriter : public ByteWriter
{
public:
    void write(std::span<const uint8_t> bytes) override
    {
        const std::lock_guard lock(_mutex);
        _bytes.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    std::string bytes()
    {
        const std::lock_guard lock(_mutex);
        return _bytes;
    }

private:
    std::mutex _mutex;
    std::string _bytes;
};

// Every byte of the output must belong to a complete frame holding a JSON object.
std::vector<json> parseOutput(const std::string& output)
{
    FrameDecoder decoder(FrameLimits { DEFAULT_MAX_REPLY_SIZE, DEFAULT_MAX_REPLY_SIZE });
    decoder.feed({ reinterpret_cast<const uint8_t*>(output.data()), output.size() });
    std::vector<json> messages;
    while (auto event = decoder.next()) {
        EXPECT_EQ(event->kind, FrameEvent::Kind::Message);
        messages.push_back(json::parse(event->payload));
        EXPECT_TRUE(messages.back().is_object());
    }
    EXPECT_FALSE(decoder.midFrame()) << "output ends inside a frame";
    return messages;
}

struct Outcome
{
    int status;
    std::vector<json> messages;
    std::map<json, json> byId; // responses with a non-null id
    std::vector<json> nullIds;
};

Outcome runSession(const std::string& stream, size_t piece, SessionOptions options = {})
{
    const Dispatcher dispatcher(test::makeTestTable(), test::TEST_RULES);
    ScriptedReader reader(stream, piece);
    CollectingWriter writer;
    Session session(reader, writer, dispatcher, options);
    Outcome outcome { session.run(), parseOutput(writer.bytes()), {}, {} };
    for (const auto& message : outcome.messages) {
        if (message.contains("id") && !message["id"].is_null()) {
            EXPECT_FALSE(outcome.byId.contains(message["id"])) << "two replies for one id";
            outcome.byId[message["id"]] = message;
        } else if (message.contains("id")) {
            outcome.nullIds.push_back(message);
        }
    }
    return outcome;
}

std::string frame(const std::string& text)
{
    return encodeFrame(text);
}

std::string echo(int id)
{
    return frame(R"({"id":)" + std::to_string(id) + R"(,"command":"echo","params":{"text":"t"}})");
}

} // namespace

TEST(Session, byteByByteInputIsAnswered)
{
    const auto outcome = runSession(echo(1) + echo(2) + echo(3), 1);
    EXPECT_EQ(outcome.status, 0);
    ASSERT_EQ(outcome.byId.size(), 3U);
    EXPECT_EQ(outcome.byId.at(2)["result"]["text"], "t");
}

TEST(Session, oversizeRequestIsRefusedAndTheNextOneServed)
{
    SessionOptions options;
    options.limits = { 200, 1 << 20 };
    const std::string big =
        R"({"id":9,"command":"echo","params":{"text":")" + std::string(300, 'x') + "\"}}";
    for (size_t piece : { size_t(1), size_t(64), size_t(100000) }) {
        const auto outcome = runSession(frame(big) + echo(10), piece, options);
        ASSERT_EQ(outcome.nullIds.size(), 1U);
        EXPECT_EQ(outcome.nullIds[0]["error"]["code"], "MESSAGE_TOO_LARGE");
        EXPECT_EQ(outcome.nullIds[0]["error"]["limit"], 200);
        ASSERT_TRUE(outcome.byId.contains(10));
        EXPECT_EQ(outcome.byId.at(10)["result"]["text"], "t");
        EXPECT_FALSE(outcome.byId.contains(9));
    }
}

TEST(Session, implausibleLengthEndsTheSessionCleanly)
{
    SessionOptions options;
    options.limits = { 200, 1000 };
    std::string header = "\xff\xff\xff\x7f";
    const auto outcome = runSession(echo(1) + header + std::string(50, 'x') + echo(2), 3, options);
    EXPECT_EQ(outcome.status, 0);
    EXPECT_TRUE(outcome.byId.contains(1));
    EXPECT_FALSE(outcome.byId.contains(2));
    ASSERT_EQ(outcome.nullIds.size(), 1U);
    EXPECT_EQ(outcome.nullIds[0]["error"]["code"], "MESSAGE_TOO_LARGE");
}

TEST(Session, malformedRequestsGetErrorsAndTheSessionGoesOn)
{
    const std::string stream = frame("\xC3\x28") + frame("[1]") + frame(R"({"command":"echo"})")
        + frame(R"({"id":4,"command":"nope"})") + frame("") + echo(5);
    const auto outcome = runSession(stream, 2);
    ASSERT_EQ(outcome.nullIds.size(), 4U);
    for (const auto& reply : outcome.nullIds) {
        EXPECT_EQ(reply["error"]["code"], "BAD_REQUEST");
    }
    EXPECT_EQ(outcome.byId.at(4)["error"]["code"], "UNKNOWN_COMMAND");
    EXPECT_EQ(outcome.byId.at(5)["result"]["text"], "t");
}

TEST(Session, endOfInputMidFrameExitsCleanly)
{
    const std::string partial = echo(2);
    for (size_t cut : { size_t(1), size_t(3), size_t(4), size_t(10), partial.size() - 1 }) {
        const auto outcome = runSession(echo(1) + partial.substr(0, cut), 1);
        EXPECT_EQ(outcome.status, 0);
        EXPECT_EQ(outcome.byId.size(), 1U);
        EXPECT_TRUE(outcome.byId.contains(1));
    }
    EXPECT_EQ(runSession("", 1).status, 0);
}

TEST(Session, longCommandDoesNotBlockOthers)
{
    // "wait" holds a worker until "release" (sent after it) runs on another worker.
    const auto outcome = runSession(
        frame(R"({"id":1,"command":"wait"})") + frame(R"({"id":2,"command":"release"})"), 1000);
    EXPECT_EQ(outcome.byId.at(1)["result"], "released");
    EXPECT_EQ(outcome.byId.at(2)["result"], "done");
}

TEST(Session, replyOverTheLimitBecomesAnError)
{
    SessionOptions options;
    options.maxReplySize = 1000;
    const auto outcome = runSession(frame(R"({"id":1,"command":"big","params":{"size":2000}})")
            + frame(R"({"id":2,"command":"big","params":{"size":900}})"),
        1000, options);
    EXPECT_EQ(outcome.byId.at(1)["error"]["code"], "MESSAGE_TOO_LARGE");
    EXPECT_EQ(outcome.byId.at(2)["result"].get<std::string>().size(), 900U);
}

TEST(Session, eventsInterleaveWithRepliesAsWholeFrames)
{
    const Dispatcher dispatcher(test::makeTestTable(), test::TEST_RULES);
    std::string stream;
    for (int i = 0; i < 200; ++i) {
        stream += echo(i);
    }
    ScriptedReader reader(stream, 7);
    CollectingWriter writer;
    Session session(reader, writer, dispatcher);
    std::thread events([&session] {
        for (int i = 0; i < 200; ++i) {
            session.sendEvent(makeEvent("deviceInserted", { { "device", { { "id", i } } } }));
        }
    });
    EXPECT_EQ(session.run(), 0);
    events.join();
    const auto messages = parseOutput(writer.bytes());
    EXPECT_EQ(messages.size(), 400U);
    const auto eventCount = std::count_if(messages.begin(), messages.end(),
        [](const json& m) { return m.value("event", "") == "deviceInserted"; });
    EXPECT_EQ(eventCount, 200);
}
