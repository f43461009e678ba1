#include "protocol/Request.hpp"
#include "protocol/Utf8.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::protocol;

TEST(Utf8, acceptsValidText)
{
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ascii"));
    EXPECT_TRUE(isValidUtf8("Рутокен ЭЦП"));
    EXPECT_TRUE(isValidUtf8("\xF0\x9F\x94\x91")); // U+1F511
    EXPECT_TRUE(isValidUtf8("\xEF\xBF\xBF")); // U+FFFF
}

TEST(Utf8, rejectsInvalidText)
{
    const char* cases[] = {
        "\x80", // continuation without lead
        "\xC3", // truncated
        "\xC3\x28", // bad continuation
        "\xC0\xAF", // overlong '/'
        "\xE0\x80\xAF", // overlong
        "\xED\xA0\x80", // surrogate
        "\xF4\x90\x80\x80", // above U+10FFFF
        "\xFF",
    };
    for (const char* text : cases) {
        EXPECT_FALSE(isValidUtf8(text)) << text;
    }
}

TEST(Utf8, nestingDepthIgnoresBracketsInStrings)
{
    EXPECT_EQ(jsonNestingDepth(R"({"a":[1,{"b":2}]})", 100), 3U);
    EXPECT_EQ(jsonNestingDepth(R"({"a":"[[[[\"[["})", 100), 1U);
    EXPECT_EQ(jsonNestingDepth("[[[[[[", 3), 4U); // stops counting past the limit
}

TEST(Request, parsesTheEnvelope)
{
    const auto request = parseRequest(nlohmann::json::parse(
        R"({"id":"r1","command":"listDevices","origin":"https://a.ru","params":{"minimum":"fkn"}})"));
    EXPECT_EQ(request.id, "r1");
    EXPECT_EQ(request.command, "listDevices");
    EXPECT_EQ(request.origin, "https://a.ru");
    EXPECT_EQ(request.params["minimum"], "fkn");
    const auto bare = parseRequest(nlohmann::json::parse(R"({"id":1,"command":"version"})"));
    EXPECT_FALSE(bare.origin);
    EXPECT_TRUE(bare.params.is_object() && bare.params.empty());
}

TEST(Request, idIsExtractedOnlyWhenValid)
{
    EXPECT_EQ(extractId(nlohmann::json::parse(R"({"id":5})")), 5);
    EXPECT_EQ(extractId(nlohmann::json::parse(R"({"id":"x"})")), "x");
    EXPECT_TRUE(extractId(nlohmann::json::parse(R"({"id":null})")).is_null());
    EXPECT_TRUE(extractId(nlohmann::json::parse(R"({"id":{}})")).is_null());
    EXPECT_TRUE(extractId(nlohmann::json::parse("[1]")).is_null());
    EXPECT_TRUE(extractId({ { "id", std::string(MAX_ID_LENGTH + 1, 'x') } }).is_null());
}
