#include "NetworkGuard.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

namespace tokenbridge::net
{

namespace
{

    struct UrlFree
    {
        void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
    };
    struct TextFree
    {
        void operator()(char* text) const noexcept { curl_free(text); }
    };

    struct UrlParts
    {
        std::string scheme;
        std::string host;
        long port = 0;
    };

    std::string lower(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(),
            [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    }

    std::string part(CURLU* url, CURLUPart which, unsigned flags = 0)
    {
        char* text = nullptr;
        if (curl_url_get(url, which, &text, flags) != CURLUE_OK || text == nullptr) {
            throw NetworkRefused("not a usable URL");
        }
        const std::unique_ptr<char, TextFree> owned(text);
        return text;
    }

    UrlParts parse(const std::string& text)
    {
        const std::unique_ptr<CURLU, UrlFree> url(curl_url());
        if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
            throw NetworkRefused("not a usable URL");
        }
        UrlParts parts { lower(part(url.get(), CURLUPART_SCHEME)),
            lower(part(url.get(), CURLUPART_HOST)), 0 };
        if (parts.scheme != "http" && parts.scheme != "https") {
            throw NetworkRefused("only http and https URLs are fetched");
        }
        parts.port = std::stol(part(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT));
        return parts;
    }

    // Prefix rules: address family bytes, prefix length in bits.
    struct Range
    {
        std::array<std::uint8_t, 16> prefix;
        unsigned bits;
    };

    constexpr Range V4_RANGES[] = {
        { { 0 }, 8 }, // "this network", 0.0.0.0
        { { 10 }, 8 }, { { 100, 64 }, 10 }, // carrier-grade NAT
        { { 127 }, 8 }, { { 169, 254 }, 16 }, { { 172, 16 }, 12 }, { { 192, 168 }, 16 },
        { { 224 }, 4 }, // multicast
        { { 240 }, 4 }, // reserved and broadcast
    };

    constexpr Range V6_RANGES[] = {
        { { 0 }, 128 }, // unspecified
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128 }, // loopback
        { { 0xfc }, 7 }, // unique local
        { { 0xfe, 0x80 }, 10 }, // link-local
        { { 0xfe, 0xc0 }, 10 }, // site-local (deprecated, still routed inside some networks)
        { { 0xff }, 8 }, // multicast
    };

    bool matches(const std::uint8_t* address, const Range& range)
    {
        for (unsigned bit = 0; bit < range.bits; ++bit) {
            const unsigned mask = 0x80u >> (bit % 8);
            if ((address[bit / 8] & mask) != (range.prefix[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    bool internalV4(const std::uint8_t* address)
    {
        return std::any_of(std::begin(V4_RANGES), std::end(V4_RANGES),
            [&](const Range& range) { return matches(address, range); });
    }

    // IPv6 forms that carry an IPv4 address in their last 4 bytes: v4-mapped ::ffff:0:0/96,
    // v4-compatible ::/96, NAT64 64:ff9b::/96.
    constexpr Range V4_CARRIERS[] = {
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff }, 96 },
        { { 0 }, 96 },
        { { 0, 0x64, 0xff, 0x9b }, 96 },
    };

    bool isListed(const HostConfig& config, const UrlParts& parts)
    {
        const std::string withPort = parts.host + ":" + std::to_string(parts.port);
        return std::any_of(config.timestampServers.begin(), config.timestampServers.end(),
            [&](const std::string& entry) { return entry == parts.host || entry == withPort; });
    }

    std::string bare(const std::string& host)
    {
        return host.size() > 2 && host.front() == '[' ? host.substr(1, host.size() - 2) : host;
    }

} // namespace

bool isInternalAddress(const std::string& numeric)
{
    std::uint8_t v4[4];
    if (inet_pton(AF_INET, numeric.c_str(), v4) == 1) {
        return internalV4(v4);
    }
    std::uint8_t v6[16];
    if (inet_pton(AF_INET6, numeric.c_str(), v6) != 1) {
        return true; // not an address we understand: never "public"
    }
    for (const auto& carrier : V4_CARRIERS) {
        if (matches(v6, carrier)) {
            return internalV4(v6 + 12)
                || std::all_of(v6 + 12, v6 + 16, [](auto b) { return b == 0; });
        }
    }
    return std::any_of(std::begin(V6_RANGES), std::end(V6_RANGES),
        [&](const Range& range) { return matches(v6, range); });
}

std::vector<std::string> systemResolve(const std::string& host)
{
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &list) != 0) {
        return {};
    }
    std::vector<std::string> out;
    for (const addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* address = entry->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(entry->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(entry->ai_addr)->sin6_addr);
        if (inet_ntop(entry->ai_family, address, text, sizeof text) != nullptr) {
            out.emplace_back(text);
        }
    }
    freeaddrinfo(list);
    return out;
}

std::string urlHost(const std::string& url)
{
    return parse(url).host;
}

GuardedUrl guardUrl(
    const std::string& url, const HostConfig& config, GuardRule rule, const Resolver& resolve)
{
    const UrlParts parts = parse(url);
    GuardedUrl guarded { url, parts.host, std::nullopt };
    if (rule == GuardRule::Open || isListed(config, parts)) {
        return guarded;
    }
    if (rule == GuardRule::PageUrl && parts.scheme != "https") {
        throw NetworkRefused("a page may use http only for a server listed in timestampServers");
    }
    const std::string host = bare(parts.host);
    std::uint8_t literal[16];
    const bool isLiteral = inet_pton(AF_INET, host.c_str(), literal) == 1
        || inet_pton(AF_INET6, host.c_str(), literal) == 1;
    const auto addresses = isLiteral ? std::vector<std::string> { host } : resolve(host);
    if (addresses.empty()) {
        throw NetworkRefused("the server's name does not resolve");
    }
    // Every address must be public: the connection may use any of them.
    for (const auto& address : addresses) {
        if (isInternalAddress(address)) {
            throw NetworkRefused("the server resolves to a local or private address (" + address
                + ") that is not listed in timestampServers");
        }
    }
    if (!isLiteral) {
        const std::string& first = addresses.front();
        guarded.route = HttpRoute { parts.host, parts.port,
            first.find(':') != std::string::npos ? "[" + first + "]" : first };
    }
    return guarded;
}

} // namespace tokenbridge::net
