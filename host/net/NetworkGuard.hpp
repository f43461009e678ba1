#pragma once

#include "HostConfig.hpp"
#include "HttpClient.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tokenbridge::net
{

// A page chooses the timestamp and OCSP URLs, so over native messaging the host refuses what
// would let it reach into the user's network (docs/security.md "Network"): plain http, and names
// or literals that resolve to loopback, private, link-local, unique-local, CGNAT, multicast or
// unspecified addresses (also inside v4-mapped/compatible and NAT64 IPv6), unless the host is
// listed in the host configuration. URLs taken from a certificate may be http (OCSP and CRLs are
// signed) but not internal. The command line may use any http(s) URL.
class NetworkRefused : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// The URL to fetch and, for a checked name, the address to connect to (httpPost's route).
struct GuardedUrl
{
    std::string url;
    std::string host; // as in the URL, lower case (what the PIN window shows)
    std::optional<HttpRoute> route;
};

// Numeric addresses of a name (getaddrinfo in production, a table in tests).
using Resolver = std::function<std::vector<std::string>(const std::string& host)>;
std::vector<std::string> systemResolve(const std::string& host);

// True for an address a page must not reach unless listed (see above). Text form, no brackets.
bool isInternalAddress(const std::string& numeric);

// The host name of an http(s) URL (lower case; IPv6 in brackets); NetworkRefused otherwise.
std::string urlHost(const std::string& url);

enum class GuardRule {
    Open, // the command line: any http(s) URL
    PageUrl, // a URL a page gave: https and a public address, unless listed
    CertificateUrl, // authorityInfoAccess / CRL distribution points (usually http, and signed
                    // answers): a public address, unless listed
};
GuardedUrl guardUrl(const std::string& url, const HostConfig& config, GuardRule rule,
    const Resolver& resolve = systemResolve);

} // namespace tokenbridge::net
