// Framing + request parsing: arbitrary bytes from the browser side go through FrameDecoder in
// arbitrary chunks (the events must not depend on the split), then every complete message goes
// through Dispatcher::dispatchText, which must never throw and always answer a serializable
// {"id", "result"|"error"} object.

#include "FuzzSupport.hpp"

#include "protocol/Dispatcher.hpp"
#include "protocol/FrameDecoder.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::protocol;

namespace
{

constexpr CommandRule RULES[] = {
    { "echo", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "token", OriginRule::Required, PinRule::Never, std::nullopt },
    { "typed", OriginRule::Optional, PinRule::Optional, std::nullopt },
};

CommandTable makeTable()
{
    CommandTable table;
    table.add({ "echo",
        { { "text", ParamType::String, true }, { "count", ParamType::Integer, false },
            { "flag", ParamType::Boolean, false }, { "list", ParamType::Array, false },
            { "object", ParamType::Object, false } },
        [](const CommandContext& context) -> nlohmann::json { return context.params(); } });
    table.add({ "token", {}, [](const CommandContext&) -> nlohmann::json {
                   return { { "touched", true } };
               } });
    table.add({ "typed", {}, [](const CommandContext&) -> nlohmann::json {
                   throw UserActionError(ErrorCode::PIN_INCORRECT, "wrong PIN",
                       { { "retriesLeft", 2 }, { "code", "OVERRIDE" } });
               } });
    return table;
}

const Dispatcher& dispatcher()
{
    static const Dispatcher instance(makeTable(), RULES);
    return instance;
}

std::vector<FrameEvent> decode(FrameLimits limits, std::span<const uint8_t> stream, size_t chunk)
{
    FrameDecoder decoder(limits);
    std::vector<FrameEvent> events;
    for (size_t offset = 0; offset < stream.size(); offset += chunk) {
        decoder.feed(stream.subspan(offset, std::min(chunk, stream.size() - offset)));
        while (auto event = decoder.next()) {
            events.push_back(std::move(*event));
        }
    }
    return events;
}

void checkResponse(const nlohmann::json& response)
{
    fuzz::check(response.is_object() && response.contains("id"), "response without id");
    fuzz::check(response.contains("result") != response.contains("error"),
        "response needs exactly one of result/error");
    if (response.contains("error")) {
        const auto& error = response["error"];
        fuzz::check(error.is_object() && error.contains("code") && error["code"].is_string(),
            "error without code");
        // Our table throws nothing untyped, so INTERNAL_ERROR means the parser itself failed.
        fuzz::check(error["code"] != "INTERNAL_ERROR", "INTERNAL_ERROR for a parser input");
    }
    (void)response.dump(); // what MessageWriter does; throws on invalid UTF-8
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3) {
        return 0;
    }
    // Small limits so TooLarge and Unrecoverable are reachable with short inputs.
    FrameLimits limits;
    limits.maxMessageSize = 16U + data[0] * 16U;
    limits.maxSkipSize = limits.maxMessageSize + data[1] * 256U;
    const size_t chunk = 1 + data[2] % 17;
    const std::span<const uint8_t> stream(data + 3, size - 3);

    const auto whole = decode(limits, stream, stream.empty() ? 1 : stream.size());
    const auto split = decode(limits, stream, chunk);
    fuzz::check(whole.size() == split.size(), "event count depends on the split");
    for (size_t i = 0; i < whole.size(); ++i) {
        fuzz::check(whole[i].kind == split[i].kind && whole[i].payload == split[i].payload
                && whole[i].declaredSize == split[i].declaredSize,
            "event depends on the split");
        if (whole[i].kind == FrameEvent::Kind::Message) {
            fuzz::check(whole[i].payload.size() <= limits.maxMessageSize, "message over limit");
            for (const auto channel : { Channel::NativeMessaging, Channel::Cli }) {
                checkResponse(dispatcher().dispatchText(whole[i].payload, Caller { channel }));
            }
        }
    }
    return 0;
}
