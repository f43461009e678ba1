// The token parser: the one format, strictly (tests/fuzz/auth_token.cpp fuzzes the same call).
#include "AuthSupport.hpp"

#include "auth/AuthToken.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::auth
{
namespace
{

    nlohmann::json goodToken()
    {
        return { { "format", "tokenbridge-auth:1" }, { "unverifiedCertificate", "MIIB" },
            { "algorithm", "GOST3410-2012-256" }, { "signature", "AAECAw==" },
            { "appVersion", "0.1.0" } };
    }

    TEST(AuthToken, parsesTheBareAndTheWrappedForm)
    {
        const auto bare = parseAuthToken(goodToken().dump());
        EXPECT_EQ(bare.algorithm, "GOST3410-2012-256");
        EXPECT_EQ(bare.signature, (Bytes { 0, 1, 2, 3 }));
        EXPECT_EQ(bare.unverifiedCertificate, fromBase64("MIIB"));
        const auto wrapped = parseAuthToken(nlohmann::json { { "authToken", goodToken() } }.dump());
        EXPECT_EQ(wrapped.toJson(), bare.toJson());
        EXPECT_EQ(bare.toJson(), goodToken());
    }

    TEST(AuthToken, refusesEverythingElse)
    {
        std::vector<std::string> refused = { "", "null", "[]", "\"token\"", "{}",
            "{\"a\":", nlohmann::json { { "authToken", goodToken() }, { "extra", 1 } }.dump(),
            nlohmann::json { { "authToken", { { "authToken", goodToken() } } } }.dump(),
            std::string(MAX_TOKEN_TEXT + 1, ' '), std::string(100, '[') };
        const std::pair<const char*, nlohmann::json> changes[] = {
            { "format", "web-eid:1" },
            { "format", "tokenbridge-auth:2" },
            { "algorithm", "gost2012_256" },
            { "algorithm", "ES384" },
            { "signature", "AAEC!w==" },
            { "signature", "" },
            { "unverifiedCertificate", "" },
            { "appVersion", 1 },
            { "signature", nullptr },
            { "unknown", "x" },
        };
        for (const auto& [field, value] : changes) {
            auto token = goodToken();
            token[field] = value;
            refused.push_back(token.dump());
        }
        for (const char* field :
            { "format", "unverifiedCertificate", "algorithm", "signature", "appVersion" }) {
            auto token = goodToken();
            token.erase(field);
            refused.push_back(token.dump());
        }
        for (const auto& text : refused) {
            EXPECT_THROW(parseAuthToken(text), TokenFormatError) << text.substr(0, 200);
        }
    }

    TEST(AuthToken, bracketsInsideStringsDoNotCountAsNesting)
    {
        auto token = goodToken();
        token["appVersion"] = "[[[[{{{{\\\"]]]]";
        EXPECT_EQ(parseAuthToken(token.dump()).appVersion, "[[[[{{{{\\\"]]]]");
    }

} // namespace
} // namespace tokenbridge::auth
