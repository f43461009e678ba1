#include "Dispatcher.hpp"

#include "Error.hpp"
#include "Log.hpp"
#include "Response.hpp"

namespace tokenbridge::protocol
{

nlohmann::json Dispatcher::dispatchText(std::string_view payload, const Caller& caller) const
{
    nlohmann::json message;
    try {
        message = parseMessage(payload);
    } catch (...) {
        return errorResponse(nullptr, std::current_exception());
    }
    return dispatch(message, caller);
}

nlohmann::json Dispatcher::dispatch(const nlohmann::json& message, const Caller& caller) const
{
    const nlohmann::json id = extractId(message);
    try {
        const Request request = parseRequest(message);
        const CommandSpec* spec = _table.find(request.command);
        if (spec == nullptr) {
            throw RequestError(ErrorCode::UNKNOWN_COMMAND,
                "unknown command \"" + request.command + "\"", { { "command", request.command } });
        }
        checkOrigin(request, *spec, caller);
        validateParams(spec->params, request.params);
        const CommandContext context { request, caller.channel, _table, caller.pin };
        return makeResult(request.id, spec->handler(context));
    } catch (...) {
        return errorResponse(id, std::current_exception());
    }
}

void Dispatcher::checkOrigin(
    const Request& request, const CommandSpec& spec, const Caller& caller) const
{
    if (request.origin) {
        _policy.require(*request.origin);
        return;
    }
    if (spec.originRule == OriginRule::Required && caller.channel == Channel::NativeMessaging) {
        throw UserActionError(ErrorCode::ORIGIN_NOT_ALLOWED,
            "command \"" + spec.name + "\" needs the requesting page's origin");
    }
}

nlohmann::json Dispatcher::errorResponse(const nlohmann::json& id, std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const Error& typed) {
        log::debug(std::string(errorCodeName(typed.code())) + ": " + typed.what());
        return makeError(id, typed.code(), typed.what(), typed.details());
    } catch (const std::exception& unexpected) {
        log::error(std::string("internal error: ") + unexpected.what());
    } catch (...) {
        log::error("internal error: non-standard exception");
    }
    return makeError(id, ErrorCode::INTERNAL_ERROR, "internal error in the host");
}

} // namespace tokenbridge::protocol
