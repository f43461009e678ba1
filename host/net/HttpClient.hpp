#pragma once

#include "core/Bytes.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tokenbridge::net
{

// Bounds of one exchange: a responder that is slow or sends too much is an error, not a hang.
struct HttpLimits
{
    std::chrono::milliseconds connectTimeout { std::chrono::seconds(5) };
    std::chrono::milliseconds totalTimeout { std::chrono::seconds(20) };
    std::size_t maxResponse = 1024 * 1024;
};

struct HttpResponse
{
    long status = 0;
    std::string contentType; // as the server sent it; may be empty
    Bytes body;
};

// What went wrong, so a caller can tell "try later" from "this server is broken".
class HttpError : public std::runtime_error
{
public:
    enum class Kind {
        BadUrl, // not an http:// or https:// URL
        Unreachable, // name resolution, connection, TLS
        Timeout, // connect or total timeout
        TooLarge, // the response exceeded maxResponse
        Status, // the server answered, not 2xx
        Transfer, // anything else libcurl reports
    };
    HttpError(Kind kind, const std::string& message) : std::runtime_error(message), _kind(kind) { }
    [[nodiscard]] Kind kind() const noexcept { return _kind; }

private:
    Kind _kind;
};

// Connect to this address for this host name (CURLOPT_RESOLVE): the network guard's checked
// address, so a second DNS answer cannot send the request elsewhere. A pinned request bypasses
// any proxy: the address checked is the address connected.
struct HttpRoute
{
    std::string host; // as in the URL
    long port = 0;
    std::string address; // numeric; IPv6 in brackets
};

// One POST of `body` with `contentType`, no redirects, http and https only; HttpError when it
// does not end in a 2xx answer within the limits.
HttpResponse httpPost(const std::string& url, std::string_view contentType, ByteView body,
    const HttpLimits& limits = {}, const std::optional<HttpRoute>& route = std::nullopt);

// One GET, the same bounds (certificates of authorityInfoAccess, CRLs).
HttpResponse httpGet(const std::string& url, const HttpLimits& limits = {},
    const std::optional<HttpRoute>& route = std::nullopt);

} // namespace tokenbridge::net
