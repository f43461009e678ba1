#include "OriginPolicy.hpp"

#include "core/Error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace tokenbridge::security
{

namespace
{

    constexpr size_t MAX_ORIGIN_LENGTH = 2048;
    constexpr std::string_view HTTPS = "https://";
    constexpr std::string_view HTTP = "http://";
    constexpr std::array<std::string_view, 3> LOOPBACK_HOSTS { "localhost", "127.0.0.1", "[::1]" };

    bool isDnsOrIpv4Host(std::string_view host)
    {
        if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') {
            return false;
        }
        return std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        });
    }

    bool isIpv6Host(std::string_view host)
    {
        if (host.size() < 4 || host.front() != '[' || host.back() != ']') {
            return false;
        }
        const auto inner = host.substr(1, host.size() - 2);
        return std::all_of(inner.begin(), inner.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
        }) && inner.find(':') != std::string_view::npos;
    }

    bool isPort(std::string_view port)
    {
        if (port.empty() || port.size() > 5 || port.front() == '0') {
            return false;
        }
        if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        return std::stoul(std::string(port)) <= 65535;
    }

    // Splits "host[:port]" (host possibly a bracketed IPv6 literal); false if malformed.
    bool splitAuthority(std::string_view authority, std::string_view& host)
    {
        std::string_view port;
        const auto bracket = authority.rfind(']');
        const auto colon = authority.rfind(':');
        if (colon != std::string_view::npos
            && (bracket == std::string_view::npos || colon > bracket)) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            if (!isPort(port)) {
                return false;
            }
        } else {
            host = authority;
        }
        return isDnsOrIpv4Host(host) || isIpv6Host(host);
    }

} // namespace

bool OriginPolicy::allows(std::string_view origin) const
{
    if (origin.size() > MAX_ORIGIN_LENGTH) {
        return false;
    }
    const bool https = origin.starts_with(HTTPS);
    if (!https && !origin.starts_with(HTTP)) {
        return false;
    }
    auto authority = origin.substr(https ? HTTPS.size() : HTTP.size());
    if (authority.ends_with('/')) {
        authority.remove_suffix(1);
    }
    std::string_view host;
    if (!splitAuthority(authority, host)) {
        return false;
    }
    return https
        || std::find(LOOPBACK_HOSTS.begin(), LOOPBACK_HOSTS.end(), host) != LOOPBACK_HOSTS.end();
}

void OriginPolicy::require(std::string_view origin) const
{
    if (allows(origin)) {
        return;
    }
    constexpr size_t QUOTED = 100;
    std::string quoted(origin.substr(0, QUOTED));
    if (origin.size() > QUOTED) {
        quoted += "...";
    }
    throw UserActionError(ErrorCode::ORIGIN_NOT_ALLOWED,
        "origin \"" + quoted
            + "\" is not allowed: only https origins (and http on localhost) may use tokens");
}

} // namespace tokenbridge::security
