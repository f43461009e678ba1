#include "core/Error.hpp"
#include "security/OriginPolicy.hpp"

#include <gtest/gtest.h>

using tokenbridge::security::OriginPolicy;

TEST(OriginPolicy, table)
{
    struct Case
    {
        const char* origin;
        bool allowed;
    };
    const Case cases[] = {
        { "https://gosuslugi.ru", true },
        { "https://lk.nalog.ru:8443", true },
        { "https://xn--80ak6aa92e.xn--p1ai", true },
        { "https://192.168.1.10", true },
        { "https://[2001:db8::1]:443", true },
        { "https://example.org/", true }, // one trailing slash tolerated
        { "http://localhost", true },
        { "http://localhost:8080", true },
        { "http://127.0.0.1:3000", true },
        { "http://[::1]:5173", true },
        { "http://[::1]", true },
        { "http://example.org", false }, // plain http elsewhere
        { "http://localhost.evil.com", false },
        { "http://127.0.0.2", false },
        { "http://127.0.0.1.evil.com", false },
        { "http://localhost@evil.com", false },
        { "https://user@example.org", false },
        { "https://example.org/path", false },
        { "https://example.org?q=1", false },
        { "https://example.org#f", false },
        { "https://example.org:", false },
        { "https://example.org:0", false },
        { "https://example.org:65536", false },
        { "https://example.org:08080", false },
        { "HTTPS://EXAMPLE.ORG", false }, // browsers serialize origins in lower case
        { "https://", false },
        { "https://.", false },
        { "", false },
        { "null", false },
        { "file://", false },
        { "chrome-extension://abcdefghijklmnopabcdefghijklmnop", false },
        { "moz-extension://1234", false },
        { "ftp://example.org", false },
        { "https://exa mple.org", false },
        { "https://example.org\n", false },
        { "https://[::1", false },
        { "https://[zz::1]", false },
    };
    const OriginPolicy policy;
    for (const auto& c : cases) {
        EXPECT_EQ(policy.allows(c.origin), c.allowed) << '"' << c.origin << '"';
    }
    EXPECT_FALSE(policy.allows("https://" + std::string(3000, 'a') + ".ru"));
}

TEST(OriginPolicy, requireThrowsOriginNotAllowed)
{
    const OriginPolicy policy;
    EXPECT_NO_THROW(policy.require("https://a.ru"));
    try {
        policy.require("http://evil.example/" + std::string(500, 'x'));
        FAIL() << "no exception";
    } catch (const tokenbridge::UserActionError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::ORIGIN_NOT_ALLOWED);
        EXPECT_LT(std::string(error.what()).size(), 250U); // the origin is quoted shortened
    }
}
