#pragma once

#include "ByteStream.hpp"
#include "Dispatcher.hpp"
#include "FrameDecoder.hpp"
#include "MessageWriter.hpp"

#include <cstddef>
#include <nlohmann/json.hpp>

namespace tokenbridge::protocol
{

struct SessionOptions
{
    FrameLimits limits;
    uint32_t maxReplySize = DEFAULT_MAX_REPLY_SIZE;
    size_t workers = 4;
    size_t maxQueued = 64; // requests waiting for a worker; beyond it the answer is BUSY
};

// One native messaging connection: reads framed requests until end of input, answers each on a
// worker thread through the shared writer, and sends unsolicited events in between.
class Session
{
public:
    Session(ByteReader& input, ByteWriter& output, const Dispatcher& dispatcher,
        SessionOptions options = {});

    // Returns when the input ends (or after an unrecoverable frame), once every accepted request
    // has been answered. The return value is the process exit status: 0 for end of input.
    int run();
    // Thread-safe; dropped (and logged) if it would exceed the reply limit.
    void sendEvent(const nlohmann::json& event);

private:
    void answer(const nlohmann::json& response);

    ByteReader& _input;
    MessageWriter _writer;
    const Dispatcher& _dispatcher;
    SessionOptions _options;
};

} // namespace tokenbridge::protocol
