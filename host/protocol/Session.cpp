#include "Session.hpp"

#include "Error.hpp"
#include "Log.hpp"
#include "MessageReader.hpp"
#include "Response.hpp"
#include "WorkerPool.hpp"

#include <memory>

namespace tokenbridge::protocol
{

Session::Session(
    ByteReader& input, ByteWriter& output, const Dispatcher& dispatcher, SessionOptions options) :
    _input(input),
    _writer(output), _dispatcher(dispatcher), _options(options)
{
}

int Session::run()
{
    MessageReader reader(_input, _options.limits);
    WorkerPool pool(_options.workers, _options.maxQueued);
    const Caller caller { Channel::NativeMessaging, nullptr };
    while (auto event = reader.next()) {
        if (event->kind != FrameEvent::Kind::Message) {
            const bool recoverable = event->kind == FrameEvent::Kind::TooLarge;
            log::warn("oversize frame of " + std::to_string(event->declaredSize) + " bytes"
                + (recoverable ? " skipped" : "; closing"));
            answer(makeError(nullptr, ErrorCode::MESSAGE_TOO_LARGE,
                "the request exceeds the host's message size limit",
                { { "size", event->declaredSize }, { "limit", _options.limits.maxMessageSize } }));
            if (!recoverable) {
                break;
            }
            continue;
        }
        auto payload = std::make_shared<std::string>(std::move(event->payload));
        const bool accepted = pool.submit(
            [this, payload, caller] { answer(_dispatcher.dispatchText(*payload, caller)); });
        if (!accepted) {
            nlohmann::json id = nullptr;
            try {
                id = extractId(parseMessage(*payload));
            } catch (const Error&) {
                // Unparsable: the BUSY reply goes out with id null.
            }
            answer(makeError(id, ErrorCode::BUSY, "too many requests in progress; retry later"));
        }
    }
    if (reader.midFrameAtEof()) {
        log::warn("input ended inside a frame; the partial message is dropped");
    }
    pool.drain();
    return 0;
}

void Session::sendEvent(const nlohmann::json& event)
{
    const std::string text = serialize(event);
    if (text.size() > _options.maxReplySize) {
        log::error("event dropped: larger than the reply limit");
        return;
    }
    _writer.write(text);
}

void Session::answer(const nlohmann::json& response)
{
    _writer.write(serializeResponse(response, _options.maxReplySize));
}

} // namespace tokenbridge::protocol
