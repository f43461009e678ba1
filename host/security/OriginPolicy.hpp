#pragma once

#include <string_view>

namespace tokenbridge::security
{

// Which web page origins may talk to tokens. Allowed: https://HOST[:PORT], and for development
// http://localhost, http://127.0.0.1 and http://[::1] with any port. An origin is the browser's
// serialization: lowercase scheme, no userinfo, path, query or fragment (one trailing "/" is
// tolerated). Whether the user trusts a site is the extension's business, not this policy's.
class OriginPolicy
{
public:
    [[nodiscard]] bool allows(std::string_view origin) const;
    // Throws UserActionError(ORIGIN_NOT_ALLOWED); the message quotes at most 100 characters.
    void require(std::string_view origin) const;
};

} // namespace tokenbridge::security
