// verifyAuthToken: a good token is valid, and each way of being wrong has its own reason.
#include "AuthSupport.hpp"

#include "auth/AuthTokenVerifier.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::auth
{
namespace
{

    using crypto::KeyAlgorithm;

    constexpr std::time_t DAY = 24 * 3600;

    class AuthVerifier : public ::testing::Test
    {
    protected:
        crypto::test::TestCa ca;
        AuthVerifyOptions options { { ca.rootDer() }, {}, std::nullopt };

        AuthVerifyResult verify(const std::string& token, const std::string& origin = test::ORIGIN,
            const std::string& nonce = test::NONCE)
        {
            return verifyAuthToken(token, origin, nonce, options);
        }

        static std::optional<std::string> reason(const AuthVerifyResult& result)
        {
            const auto json = result.toJson();
            EXPECT_EQ(json["valid"], result.valid);
            EXPECT_EQ(json.contains("reason"), !result.valid);
            return json.contains("reason") ? std::optional(json["reason"].get<std::string>())
                                           : std::nullopt;
        }
    };

    TEST_F(AuthVerifier, acceptsTokensOfEveryAlgorithm)
    {
        for (const auto algorithm : { KeyAlgorithm::Gost2012_256, KeyAlgorithm::Gost2012_512,
                 KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa }) {
            auto holder = test::issue(ca, algorithm);
            const auto result = verify(test::makeToken(holder));
            EXPECT_TRUE(result.valid) << reason(result).value_or("");
            const auto json = result.toJson();
            EXPECT_EQ(json["subject"], "CN=Иванов Иван,C=RU");
            EXPECT_EQ(json["issuer"], "C=RU,CN=Test GOST CA");
            EXPECT_EQ(json["serial"], "02");
            EXPECT_TRUE(json["notAfter"].get<std::string>().ends_with("Z"));
        }
    }

    TEST_F(AuthVerifier, signatureOverAnotherOriginOrNonceOrChanged)
    {
        auto holder = test::issue(ca, KeyAlgorithm::Gost2012_256);
        const auto token = test::makeToken(holder);
        EXPECT_EQ(reason(verify(token, "https://evil.example")), "signature");
        EXPECT_EQ(reason(verify(token, "https://portal.example:8443")), "signature");
        EXPECT_EQ(reason(verify(token, "https://portal.example/")), "signature");
        EXPECT_EQ(reason(verify(token, test::ORIGIN, toBase64(Bytes(32, 1)))), "signature");
        auto json = nlohmann::json::parse(token);
        auto signature = fromBase64(json["signature"].get<std::string>());
        signature[10] ^= 0x80;
        json["signature"] = toBase64(signature);
        EXPECT_EQ(reason(verify(json.dump())), "signature");
        signature.pop_back(); // the length is exact
        json["signature"] = toBase64(signature);
        EXPECT_EQ(reason(verify(json.dump())), "signature");
    }

    TEST_F(AuthVerifier, formatCertificateAndAlgorithm)
    {
        auto holder = test::issue(ca, KeyAlgorithm::Gost2012_256);
        auto json = nlohmann::json::parse(test::makeToken(holder));
        auto changed = json;
        changed["format"] = "web-eid:1";
        const auto formatResult = verify(changed.dump());
        EXPECT_EQ(reason(formatResult), "format");
        EXPECT_EQ(formatResult.toJson()["subject"], nullptr);
        changed = json;
        changed["unverifiedCertificate"] = toBase64(Bytes(100, 0x30));
        EXPECT_EQ(reason(verify(changed.dump())), "certificate");
        changed = json;
        changed["algorithm"] = "GOST3410-2012-512";
        EXPECT_EQ(reason(verify(changed.dump())), "algorithm");
        changed["algorithm"] = "ES256";
        EXPECT_EQ(reason(verify(changed.dump())), "algorithm");
    }

    TEST_F(AuthVerifier, untrustedExpiredAndNotYetValid)
    {
        auto holder = test::issue(ca, KeyAlgorithm::Gost2012_256);
        const auto token = test::makeToken(holder);
        const crypto::test::TestCa other(KeyAlgorithm::Gost2012_256, "A", "Other CA");
        options.trustedRoots = { other.rootDer() };
        EXPECT_EQ(reason(verify(token)), "untrusted");
        options.trustedRoots.clear();
        EXPECT_EQ(reason(verify(token)), "untrusted");
        const auto pem = ca.rootPem(); // PEM roots too
        options.trustedRoots = { Bytes(pem.begin(), pem.end()) };
        EXPECT_TRUE(verify(token).valid);
        options.at = std::time(nullptr) + 400 * DAY; // the certificates live 365 days
        const auto expired = verify(token);
        EXPECT_EQ(reason(expired), "expired");
        EXPECT_TRUE(expired.toJson()["subject"].is_string()); // described all the same
        options.at = std::time(nullptr) - DAY;
        EXPECT_EQ(reason(verify(token)), "not-yet-valid");
        options.at = std::time(nullptr) + 10 * DAY;
        EXPECT_TRUE(verify(token).valid);
    }

    TEST_F(AuthVerifier, keyUsage)
    {
        auto noDigitalSignature = test::issue(ca, KeyAlgorithm::Gost2012_256, { "nonRepudiation" });
        EXPECT_EQ(reason(verify(test::makeToken(noDigitalSignature))), "key-usage");
        auto noClientAuth = test::issue(
            ca, KeyAlgorithm::Gost2012_256, { "digitalSignature" }, { "1.3.6.1.5.5.7.3.4" });
        EXPECT_EQ(reason(verify(test::makeToken(noClientAuth))), "key-usage");
    }

    TEST_F(AuthVerifier, theCallersOwnMistakesAreErrors)
    {
        auto holder = test::issue(ca, KeyAlgorithm::Gost2012_256);
        const auto token = test::makeToken(holder);
        EXPECT_THROW(verify(token, test::ORIGIN, "short"), RequestError);
        options.trustedRoots = { Bytes { 1, 2, 3 } };
        EXPECT_THROW(verify(token), RequestError);
    }

} // namespace
} // namespace tokenbridge::auth
