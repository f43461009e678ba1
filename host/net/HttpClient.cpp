#include "HttpClient.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace tokenbridge::net
{

namespace
{

    struct CurlFree
    {
        void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
        void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
    };
    using CurlPtr = std::unique_ptr<CURL, CurlFree>;
    using SlistPtr = std::unique_ptr<curl_slist, CurlFree>;

    // libcurl's global state, once per process (curl_global_init is not thread-safe).
    void initOnce()
    {
        static std::once_flag flag;
        std::call_once(flag, [] {
            if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                throw HttpError(HttpError::Kind::Transfer, "libcurl cannot be initialized");
            }
        });
    }

    struct CurlErrorKind
    {
        CURLcode code;
        HttpError::Kind kind;
    };

    constexpr CurlErrorKind KINDS[] = {
        { CURLE_UNSUPPORTED_PROTOCOL, HttpError::Kind::BadUrl },
        { CURLE_URL_MALFORMAT, HttpError::Kind::BadUrl },
        { CURLE_COULDNT_RESOLVE_HOST, HttpError::Kind::Unreachable },
        { CURLE_COULDNT_RESOLVE_PROXY, HttpError::Kind::Unreachable },
        { CURLE_COULDNT_CONNECT, HttpError::Kind::Unreachable },
        { CURLE_SSL_CONNECT_ERROR, HttpError::Kind::Unreachable },
        { CURLE_PEER_FAILED_VERIFICATION, HttpError::Kind::Unreachable },
        { CURLE_OPERATION_TIMEDOUT, HttpError::Kind::Timeout },
        { CURLE_WRITE_ERROR, HttpError::Kind::TooLarge }, // our write callback refused more
        { CURLE_FILESIZE_EXCEEDED, HttpError::Kind::TooLarge },
    };

    HttpError::Kind kindOf(CURLcode code)
    {
        for (const auto& entry : KINDS) {
            if (entry.code == code) {
                return entry.kind;
            }
        }
        return HttpError::Kind::Transfer;
    }

    struct Sink
    {
        Bytes body;
        std::size_t limit;
    };

    std::size_t collect(char* data, std::size_t size, std::size_t count, void* user)
    {
        auto& sink = *static_cast<Sink*>(user);
        const std::size_t bytes = size * count;
        if (sink.body.size() + bytes > sink.limit) {
            return 0; // libcurl ends the transfer with CURLE_WRITE_ERROR
        }
        sink.body.insert(sink.body.end(), data, data + bytes);
        return bytes;
    }

    template <typename Value> void set(CURL* handle, CURLoption option, Value value)
    {
        if (curl_easy_setopt(handle, option, value) != CURLE_OK) {
            throw HttpError(HttpError::Kind::Transfer, "libcurl refused an option");
        }
    }

} // namespace

namespace
{

    HttpResponse exchange(const std::string& url,
        const std::optional<std::string_view>& contentType, ByteView body, const HttpLimits& limits,
        const std::optional<HttpRoute>& route)
    {
        if (!url.starts_with("http://") && !url.starts_with("https://")) {
            throw HttpError(HttpError::Kind::BadUrl, "only http and https URLs are fetched");
        }
        initOnce();
        CurlPtr handle(curl_easy_init());
        if (!handle) {
            throw HttpError(HttpError::Kind::Transfer, "libcurl cannot make a handle");
        }
        CURL* curl = handle.get();
        const std::string header = "Content-Type: " + std::string(contentType.value_or(""));
        SlistPtr headers(contentType ? curl_slist_append(nullptr, header.c_str()) : nullptr);
        Sink sink { {}, limits.maxResponse };
        set(curl, CURLOPT_URL, url.c_str());
        set(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        set(curl, CURLOPT_FOLLOWLOCATION, 0L);
        set(curl, CURLOPT_NOSIGNAL, 1L); // timeouts without SIGALRM: the host is multithreaded
        set(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connectTimeout.count()));
        set(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.totalTimeout.count()));
        set(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.maxResponse));
        set(curl, CURLOPT_HTTPHEADER, headers.get());
        SlistPtr pinned;
        if (route) {
            const std::string entry =
                route->host + ":" + std::to_string(route->port) + ":" + route->address;
            pinned.reset(curl_slist_append(nullptr, entry.c_str()));
            set(curl, CURLOPT_RESOLVE, pinned.get());
            set(curl, CURLOPT_PROXY, "");
        }
        if (contentType) {
            set(curl, CURLOPT_POST, 1L);
            set(curl, CURLOPT_POSTFIELDS, reinterpret_cast<const char*>(body.data()));
            set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        }
        set(curl, CURLOPT_WRITEFUNCTION, collect);
        set(curl, CURLOPT_WRITEDATA, &sink);
        const CURLcode code = curl_easy_perform(curl);
        if (code != CURLE_OK) {
            throw HttpError(
                kindOf(code), std::string("HTTP request failed: ") + curl_easy_strerror(code));
        }
        HttpResponse response;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
        if (response.status < 200 || response.status > 299) {
            throw HttpError(HttpError::Kind::Status,
                "the server answered HTTP " + std::to_string(response.status));
        }
        const char* type = nullptr;
        if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
            response.contentType = type;
        }
        response.body = std::move(sink.body);
        return response;
    }

} // namespace

HttpResponse httpPost(const std::string& url, std::string_view contentType, ByteView body,
    const HttpLimits& limits, const std::optional<HttpRoute>& route)
{
    return exchange(url, contentType, body, limits, route);
}

HttpResponse httpGet(
    const std::string& url, const HttpLimits& limits, const std::optional<HttpRoute>& route)
{
    return exchange(url, std::nullopt, {}, limits, route);
}

} // namespace tokenbridge::net
