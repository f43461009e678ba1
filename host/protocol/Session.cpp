#include "Session.hpp"

#include "core/Error.hpp"
#include "KeyedScheduler.hpp"
#include "core/Log.hpp"
#include "MessageReader.hpp"
#include "Response.hpp"
#include "WorkerPool.hpp"

#include <memory>
#include <string.h>

namespace tokenbridge::protocol
{

namespace
{

    // Requests that name one token (or one signing stream) are executed one at a time in the
    // order they arrived (docs/architecture.md "Scheduling"); everything else runs in parallel.
    std::string schedulingKey(const nlohmann::json& message)
    {
        if (!message.is_object()) {
            return {};
        }
        const auto params = message.find("params");
        if (params == message.end() || !params->is_object()) {
            return {};
        }
        for (const char* name : { "deviceId", "streamId" }) {
            const auto value = params->find(name);
            if (value != params->end() && value->is_string()) {
                return std::string(name) + ":" + value->get<std::string>();
            }
        }
        return {};
    }

    void wipePin(nlohmann::json& message) noexcept
    {
        if (!message.is_object()) {
            return;
        }
        const auto params = message.find("params");
        if (params == message.end() || !params->is_object()) {
            return;
        }
        const auto pin = params->find("pin");
        if (pin != params->end() && pin->is_string()) {
            auto& text = pin->get_ref<std::string&>();
            explicit_bzero(text.data(), text.size());
        }
    }

} // namespace

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
    KeyedScheduler scheduler(pool, _options.maxQueued);
    // Queued tasks use the scheduler: they must finish before it goes, also on an exception.
    struct DrainOnExit
    {
        WorkerPool& pool;
        ~DrainOnExit() { pool.drain(); }
    } drainOnExit { pool };
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
        auto message = std::make_shared<nlohmann::json>();
        // The frame may carry the PIN from the extension's PIN window (params.pin): the
        // dispatcher moves it into a PinBuffer; the raw text and the parsed copy are wiped here.
        try {
            *message = parseMessage(event->payload);
            explicit_bzero(event->payload.data(), event->payload.size());
        } catch (...) {
            explicit_bzero(event->payload.data(), event->payload.size());
            answer(Dispatcher::errorResponse(nullptr, std::current_exception()));
            continue;
        }
        const bool accepted = scheduler.submit(schedulingKey(*message), [this, message, caller] {
            answer(_dispatcher.dispatch(*message, caller));
            wipePin(*message);
        });
        if (!accepted) {
            wipePin(*message);
            answer(makeError(extractId(*message), ErrorCode::BUSY,
                "too many requests in progress; retry later"));
        }
    }
    if (reader.midFrameAtEof()) {
        log::warn("input ended inside a frame; the partial message is dropped");
    }
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
