#include "TestTable.hpp"

#include "protocol/Dispatcher.hpp"
#include "protocol/Response.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::protocol;
using nlohmann::json;

namespace
{

const Caller NATIVE { Channel::NativeMessaging, nullptr };
const Caller CLI { Channel::Cli, nullptr };

json run(std::string_view text, const Caller& caller = NATIVE)
{
    static const Dispatcher dispatcher(test::makeTestTable(), test::TEST_RULES);
    return dispatcher.dispatchText(text, caller);
}

std::string codeOf(const json& response)
{
    return response.contains("error") ? response["error"]["code"].get<std::string>() : "";
}

} // namespace

TEST(Dispatcher, resultEchoesTheId)
{
    auto response = run(R"({"id":"a-1","command":"echo","params":{"text":"hi","count":2}})");
    EXPECT_EQ(response, json::parse(R"({"id":"a-1","result":{"text":"hi","count":2}})"));
    response = run(R"({"id":7,"command":"echo","params":{"text":"x"}})");
    EXPECT_EQ(response["id"], 7);
}

TEST(Dispatcher, envelopeErrorsAreBadRequest)
{
    struct Case
    {
        const char* text;
        json id;
    };
    const Case cases[] = {
        { "not json", nullptr }, { "[1,2]", nullptr }, { "\"text\"", nullptr },
        { R"({"command":"echo"})", nullptr }, // missing id
        { R"({"id":1.5,"command":"echo"})", nullptr }, { R"({"id":"","command":"echo"})", nullptr },
        { R"({"id":true,"command":"echo"})", nullptr }, { R"({"id":1})", 1 }, // missing command
        { R"({"id":1,"command":5})", 1 }, { R"({"id":1,"command":"echo","params":[]})", 1 },
        { R"({"id":1,"command":"echo","origin":5})", 1 },
        { R"({"id":1,"command":"echo","extra":true})", 1 },
        { "{\"id\":1,\"command\":\"echo\",\"params\":{\"text\":\"\xC3\x28\"}}",
            nullptr }, // bad UTF-8
        { "{\"id\":1,\"command\":\"ech\xED\xA0\x80\"}", nullptr }, // UTF-8 surrogate
    };
    for (const auto& c : cases) {
        const auto response = run(c.text);
        EXPECT_EQ(codeOf(response), "BAD_REQUEST") << c.text;
        EXPECT_EQ(response["id"], c.id) << c.text;
        EXPECT_FALSE(response["error"]["message"].get<std::string>().empty());
    }
}

TEST(Dispatcher, deepNestingIsRejectedBeforeParsing)
{
    const std::string deep = R"({"id":1,"command":"echo","params":{"text":)"
        + std::string(100000, '[') + std::string(100000, ']') + "}}";
    EXPECT_EQ(codeOf(run(deep)), "BAD_REQUEST");
}

TEST(Dispatcher, unknownCommand)
{
    const auto response = run(R"({"id":3,"command":"formatDisk"})");
    EXPECT_EQ(codeOf(response), "UNKNOWN_COMMAND");
    EXPECT_EQ(response["id"], 3);
    EXPECT_EQ(response["error"]["command"], "formatDisk");
}

TEST(Dispatcher, paramsAreValidatedAgainstTheSchema)
{
    const char* cases[] = {
        R"({"id":1,"command":"echo"})", // required text missing
        R"({"id":1,"command":"echo","params":{"text":1}})",
        R"({"id":1,"command":"echo","params":{"text":"a","count":"2"}})",
        R"({"id":1,"command":"echo","params":{"text":"a","colour":"red"}})",
    };
    const char* params[] = { "text", "text", "count", "colour" };
    for (size_t i = 0; i < std::size(cases); ++i) {
        const auto response = run(cases[i]);
        EXPECT_EQ(codeOf(response), "INVALID_PARAMS") << cases[i];
        EXPECT_EQ(response["error"]["param"], params[i]) << cases[i];
    }
}

TEST(Dispatcher, typedErrorGivesItsCodeMessageAndDetails)
{
    const auto response = run(R"({"id":1,"command":"typed"})");
    EXPECT_EQ(codeOf(response), "PIN_INCORRECT");
    EXPECT_EQ(response["error"]["message"], "wrong PIN");
    EXPECT_EQ(response["error"]["retriesLeft"], 2);
}

TEST(Dispatcher, unexpectedExceptionIsInternalErrorWithoutItsText)
{
    for (const char* command : { "crash", "weird" }) {
        const auto response = run(std::string(R"({"id":1,"command":")") + command + "\"}");
        EXPECT_EQ(codeOf(response), "INTERNAL_ERROR");
        EXPECT_EQ(response["id"], 1);
        EXPECT_EQ(response.dump().find("12345678"), std::string::npos);
        EXPECT_EQ(response.dump().find("secret"), std::string::npos);
    }
}

TEST(Dispatcher, tokenCommandsNeedAnOriginOverNativeMessaging)
{
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token"})")), "ORIGIN_NOT_ALLOWED");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token"})", CLI)), "");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token","origin":"https://gosuslugi.ru"})")), "");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token","origin":"http://evil.example"})")),
        "ORIGIN_NOT_ALLOWED");
    // An origin, when given, is checked on every channel and every command.
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token","origin":"http://evil.example"})", CLI)),
        "ORIGIN_NOT_ALLOWED");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"echo","params":{"text":"a"},"origin":"file://"})")),
        "ORIGIN_NOT_ALLOWED");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"echo","params":{"text":"a"}})")), "");
}

TEST(Dispatcher, anOriginBoundCommandNeedsTheOriginOnEveryChannel)
{
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"bound"})")), "ORIGIN_NOT_ALLOWED");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"bound"})", CLI)), "ORIGIN_NOT_ALLOWED");
    const auto response = run(R"({"id":1,"command":"bound","origin":"https://gosuslugi.ru"})", CLI);
    EXPECT_EQ(codeOf(response), "");
    EXPECT_EQ(response["result"]["origin"], "https://gosuslugi.ru");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"bound","origin":"http://evil.example"})", CLI)),
        "ORIGIN_NOT_ALLOWED");
}

TEST(Dispatcher, errorResponseForAnyException)
{
    try {
        throw tokenbridge::RetryableError(ErrorCode::TOKEN_REMOVED, "gone");
    } catch (...) {
        const auto response = Dispatcher::errorResponse("x", std::current_exception());
        EXPECT_EQ(response,
            json::parse(R"({"id":"x","error":{"code":"TOKEN_REMOVED","message":"gone"}})"));
    }
}

TEST(Dispatcher, versionStyleTableListsNames)
{
    const auto names = test::makeTestTable().names();
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_NE(std::find(names.begin(), names.end(), "echo"), names.end());
}

TEST(CommandTable, duplicateNameIsAProgrammingError)
{
    CommandTable table;
    table.add({ "a", {}, [](const CommandContext&) { return json(); } });
    EXPECT_THROW(
        table.add({ "a", {}, [](const CommandContext&) { return json(); } }), std::logic_error);
}

TEST(Response, serializationReplacesInvalidUtf8FromDevices)
{
    // A reader name is whatever the driver reports; it must not make the reply unsendable.
    const auto text = serializeResponse(makeResult(1, { { "reader", "bad \xC3\x28 name" } }), 1000);
    EXPECT_TRUE(json::parse(text)["result"]["reader"].is_string());
}

TEST(Dispatcher, pinFromTheExtensionReachesTheHandlerOnlyAsPinBuffer)
{
    const auto response = run(R"({"id":1,"command":"pinLength","params":{"pin":"12345678"}})");
    ASSERT_TRUE(response.contains("result")) << response.dump();
    EXPECT_EQ(response["result"]["pinSize"], 8);
    EXPECT_EQ(response["result"]["params"], json::object());
    EXPECT_EQ(response.dump().find("12345678"), std::string::npos);
}

TEST(Dispatcher, pinParamIsRefusedFromTheCommandLineAndWhenNotAString)
{
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"pinLength","params":{"pin":"1234"}})", CLI)),
        "INVALID_PARAMS");
    EXPECT_EQ(
        codeOf(run(R"({"id":1,"command":"pinLength","params":{"pin":1234}})")), "INVALID_PARAMS");
    const auto noPin = run(R"({"id":1,"command":"pinLength"})");
    EXPECT_EQ(noPin["result"]["pinSize"], -1);
}

// params.newPin (the change-PIN window's) reaches a "newPin" command only as a PinBuffer; every
// other command refuses it, the command line too (there it comes from --new-pin-file).
TEST(Dispatcher, aNewPinReachesOnlyANewPinCommandAndOnlyAsPinBuffer)
{
    const auto response =
        run(R"({"id":1,"command":"setPin","params":{"pin":"12345678","newPin":"87651234x"}})");
    ASSERT_TRUE(response.contains("result")) << response.dump();
    EXPECT_EQ(response["result"]["pinSize"], 8);
    EXPECT_EQ(response["result"]["newPinSize"], 9);
    EXPECT_EQ(response["result"]["params"], json::object());
    EXPECT_EQ(response.dump().find("87651234x"), std::string::npos);
    const auto refused = run(R"({"id":1,"command":"pinLength","params":{"newPin":"87651234x"}})");
    EXPECT_EQ(codeOf(refused), "INVALID_PARAMS");
    EXPECT_EQ(refused["error"]["param"], "newPin");
    EXPECT_EQ(refused.dump().find("87651234x"), std::string::npos);
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"setPin","params":{"newPin":"87651234x"}})", CLI)),
        "INVALID_PARAMS");
    security::PinBuffer pin;
    pin.assign(std::span<const char>("1234", 4));
    security::PinBuffer newPin;
    newPin.assign(std::span<const char>("123456", 6));
    const Caller files { Channel::Cli, &pin, nullptr, &newPin };
    const auto fromFiles = run(R"({"id":1,"command":"setPin"})", files);
    EXPECT_EQ(fromFiles["result"]["newPinSize"], 6) << fromFiles.dump();
    EXPECT_EQ(run(R"({"id":1,"command":"setPin"})")["result"]["newPinSize"], -1);
}

TEST(Dispatcher, aCommandWithoutARuleIsAProgrammingError)
{
    auto table = test::makeTestTable();
    table.add({ "unruled", {}, [](const CommandContext&) { return json(); } });
    EXPECT_THROW(Dispatcher(std::move(table), test::TEST_RULES), std::logic_error);
    // The host's own rules (spec/protocol.json) know none of the test commands.
    EXPECT_THROW(Dispatcher { test::makeTestTable() }, std::logic_error);
}

TEST(Dispatcher, aPinIsRefusedByACommandThatNeverUsesOne)
{
    const auto response =
        run(R"({"id":1,"command":"token","origin":"https://a.ru","params":{"pin":"12345678"}})");
    EXPECT_EQ(codeOf(response), "INVALID_PARAMS");
    EXPECT_EQ(response["error"]["param"], "pin");
    EXPECT_EQ(response.dump().find("12345678"), std::string::npos);
    // The CLI's --pin-file is the local user's: unused there, not an error.
    security::PinBuffer pin;
    pin.assign(std::span<const char>("1234", 4));
    const Caller withPinFile { Channel::Cli, &pin };
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"token"})", withPinFile)), "");
}

TEST(Dispatcher, aContainerPasswordReachesCommandsOnTheCommandLineOnly)
{
    security::PinBuffer password;
    password.assign(std::span<const char>("secret", 6));
    const Caller cli { Channel::Cli, nullptr, &password };
    EXPECT_EQ(run(R"({"id":1,"command":"passwordLength"})", cli)["result"], 6);
    // A caller of another channel never hands one over, whatever it carries.
    const Caller native { Channel::NativeMessaging, nullptr, &password };
    EXPECT_EQ(run(R"({"id":1,"command":"passwordLength"})", native)["result"], -1);
    // Nor is it a request parameter.
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"passwordLength","params":{"password":"x"}})", cli)),
        "INVALID_PARAMS");
}

TEST(Dispatcher, aCommandLineOnlyCommandIsRefusedOnOtherChannelsWithItsRulesAnswer)
{
    const auto refused = run(R"({"id":1,"command":"local","params":{"text":"a"}})");
    EXPECT_EQ(codeOf(refused), "NOT_EXPORTABLE");
    EXPECT_EQ(refused["error"]["message"], "local only");
    EXPECT_EQ(run(R"({"id":1,"command":"local","params":{"text":"a"}})", CLI)["result"], "cli");
    // The origin and params checks come first, as when the handler refused it itself.
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"local","params":{}})")), "INVALID_PARAMS");
    EXPECT_EQ(codeOf(run(R"({"id":1,"command":"local","params":{"text":"a"},"origin":"file://"})")),
        "ORIGIN_NOT_ALLOWED");
}
