// The key-usage rule (RFC 5280 4.2.1.3, 4.2.1.12), the challenge-nonce rule and --at's format.
#include "AuthSupport.hpp"

#include "auth/AuthKeyUsage.hpp"
#include "auth/ChallengeNonce.hpp"
#include "auth/VerifyTime.hpp"
#include "crypto/Certificate.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::auth
{
namespace
{

    using crypto::KeyAlgorithm;

    constexpr const char* CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    constexpr const char* EMAIL = "1.3.6.1.5.5.7.3.4";
    constexpr const char* ANY_EKU = "2.5.29.37.0";

    struct UsageCase
    {
        std::vector<std::string> keyUsage;
        std::vector<std::string> extendedKeyUsage;
        AuthUsage expected;
    };

    TEST(AuthKeyUsage, digitalSignatureAndClientAuthWhenTheExtensionsArePresent)
    {
        const crypto::test::TestCa ca;
        const UsageCase cases[] = {
            { { "digitalSignature" }, { CLIENT_AUTH }, AuthUsage::Allowed },
            { { "digitalSignature", "nonRepudiation" }, { EMAIL, CLIENT_AUTH },
                AuthUsage::Allowed },
            { {}, {}, AuthUsage::Allowed }, // no extensions: no restriction
            { { "digitalSignature" }, {}, AuthUsage::Allowed },
            { {}, { CLIENT_AUTH }, AuthUsage::Allowed },
            { { "nonRepudiation" }, { CLIENT_AUTH }, AuthUsage::NoDigitalSignature },
            { { "keyEncipherment", "dataEncipherment" }, {}, AuthUsage::NoDigitalSignature },
            { { "digitalSignature" }, { EMAIL }, AuthUsage::NoClientAuth },
            { {}, { ANY_EKU }, AuthUsage::NoClientAuth }, // decided: any alone does not do
            { { "digitalSignature" }, { ANY_EKU, CLIENT_AUTH }, AuthUsage::Allowed },
        };
        for (const auto& entry : cases) {
            auto holder =
                test::issue(ca, KeyAlgorithm::Gost2012_256, entry.keyUsage, entry.extendedKeyUsage);
            const auto certificate = crypto::loadX509(holder.certificate);
            EXPECT_EQ(authUsage(certificate.get()), entry.expected)
                << describe(entry.expected) << " / " << entry.keyUsage.size() << " KU, "
                << entry.extendedKeyUsage.size() << " EKU";
        }
    }

    TEST(ChallengeNonce, base64OfAtLeast32BytesAndAtMost128Characters)
    {
        EXPECT_NO_THROW(checkChallengeNonce(test::NONCE));
        EXPECT_NO_THROW(checkChallengeNonce(toBase64(Bytes(96, 7)))); // 128 characters
        const std::string refused[] = {
            toBase64(Bytes(31, 7)), // 31 bytes
            toBase64(Bytes(97, 7)), // 132 characters
            std::string(test::NONCE).substr(0, 43), // no padding: not base64 of 4n characters
            std::string(test::NONCE) + " ", // whitespace would be signed as is
            "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k\n=",
            "!83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=",
            "",
        };
        for (const auto& nonce : refused) {
            try {
                checkChallengeNonce(nonce);
                ADD_FAILURE() << "accepted \"" << nonce << "\"";
            } catch (const RequestError& error) {
                EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
                EXPECT_EQ(error.details()["param"], "challengeNonce");
            }
        }
    }

    TEST(VerifyTime, isoUtcWithSecondsOnly)
    {
        EXPECT_EQ(parseUtcTime("1970-01-01T00:00:00Z"), std::time_t { 0 });
        EXPECT_EQ(parseUtcTime("2026-12-05T10:00:00Z"), std::time_t { 1796464800 });
        for (const char* text :
            { "2026-12-05T10:00:00", "2026-12-05 10:00:00Z", "2026-12-05T10:00:00+03:00",
                "2026-02-30T10:00:00Z", "2026-12-05T25:00:00Z", "2026-12-05T10:00Z", "yesterday",
                "", "+026-12-05T10:00:00Z", "2026-12-05T10:00:00.5Z" }) {
            EXPECT_FALSE(parseUtcTime(text).has_value()) << text;
        }
    }

} // namespace
} // namespace tokenbridge::auth
