#include "Dispatcher.hpp"

#include "core/Error.hpp"
#include "core/Log.hpp"
#include "Response.hpp"

#include "security/PinBuffer.hpp"

#include <optional>
#include <stdexcept>
#include <string.h>

namespace tokenbridge::protocol
{

namespace
{

    // The extension's windows add params.pin (the PIN window) and params.newPin (the change-PIN
    // window); a page can't: the extension refuses both. Move each into a zeroized buffer, wipe
    // the JSON copy and drop it from params, so the handlers see it only as CommandContext::pin /
    // newPin and it can never echo back in a reply or a log. A command without a use for it
    // refuses one (a PIN must not travel further than needed); the CLI's files (caller.pin,
    // caller.newPin) are the local user's and simply unused there.
    const security::PinBuffer* takeSecret(Request& request, const char* param, bool accepted,
        const security::PinBuffer* fromCaller, const Caller& caller, security::PinBuffer& storage)
    {
        const auto it = request.params.find(param);
        if (it == request.params.end()) {
            return fromCaller;
        }
        if (caller.channel != Channel::NativeMessaging || !it->is_string()) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                std::string(param) + " is accepted only as a string from the extension's windows",
                { { "param", param } });
        }
        auto& text = it->get_ref<std::string&>();
        struct WipeOnExit
        {
            nlohmann::json& params;
            std::string& text;
            const char* param;
            ~WipeOnExit()
            {
                explicit_bzero(text.data(), text.size());
                params.erase(param);
            }
        } wipe { request.params, text, param };
        if (!accepted) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "command \"" + request.command + "\" takes no " + param, { { "param", param } });
        }
        storage.assign(std::span<const char>(text.data(), text.size()));
        return &storage;
    }

} // namespace

Dispatcher::Dispatcher(CommandTable table, CommandRules rules, security::OriginPolicy policy) :
    _table(std::move(table)), _rules(rules), _policy(std::move(policy))
{
    for (const auto& name : _table.names()) {
        if (findRule(_rules, name) == nullptr) {
            throw std::logic_error("command \"" + name + "\" has no rule in spec/protocol.json");
        }
    }
}

const CommandRule& Dispatcher::ruleOf(const std::string& command) const
{
    return *findRule(_rules, command); // every command of _table has one (constructor)
}

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
        Request request = parseRequest(message);
        const CommandSpec* spec = _table.find(request.command);
        if (spec == nullptr) {
            throw RequestError(ErrorCode::UNKNOWN_COMMAND,
                "unknown command \"" + request.command + "\"", { { "command", request.command } });
        }
        const CommandRule& rule = ruleOf(spec->name);
        checkOrigin(request, rule, caller);
        security::PinBuffer pagePin;
        const security::PinBuffer* pin =
            takeSecret(request, "pin", rule.pin != PinRule::Never, caller.pin, caller, pagePin);
        security::PinBuffer pageNewPin;
        const security::PinBuffer* newPin =
            takeSecret(request, "newPin", rule.newPin, caller.newPin, caller, pageNewPin);
        validateParams(spec->params, request.params);
        // After the params check: where exportKey's handler refused other channels before the
        // rule moved here, so every request gets the same answer as then.
        if (rule.cliOnly && caller.channel != Channel::Cli) {
            throw RequestError(rule.cliOnly->code, std::string(rule.cliOnly->message));
        }
        const auto* password = caller.channel == Channel::Cli ? caller.containerPassword : nullptr;
        const CommandContext context { request, caller.channel, _table, pin, password, newPin };
        // A PIN-carrying request of a page holds one of its origin's attempt slots until the
        // verdict, so parallel requests to several tokens cannot together spend more card tries
        // than the limit. A success does not forgive earlier failures: not every command that
        // carries a PIN proves it right.
        std::optional<security::RateLimiter::Attempt> attempt;
        if (request.origin && pin != nullptr) {
            attempt.emplace(_limiter.begin(*request.origin));
        }
        try {
            return makeResult(request.id, spec->handler(context));
        } catch (const UserActionError& error) {
            if (attempt && error.code() == ErrorCode::PIN_INCORRECT) {
                attempt->failed();
            }
            throw;
        }
    } catch (...) {
        return errorResponse(id, std::current_exception());
    }
}

void Dispatcher::checkOrigin(
    const Request& request, const CommandRule& rule, const Caller& caller) const
{
    if (request.origin) {
        _policy.require(*request.origin);
        return;
    }
    const bool needed = rule.origin == OriginRule::Everywhere
        || (rule.origin == OriginRule::Required && caller.channel == Channel::NativeMessaging);
    if (needed) {
        throw UserActionError(ErrorCode::ORIGIN_NOT_ALLOWED,
            "command \"" + request.command + "\" needs the requesting page's origin");
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
