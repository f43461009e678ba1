// net::httpPost against a server of this test on 127.0.0.1: one connection, a canned answer (or
// none), the request it received kept for the checks.
#include "net/HttpClient.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace tokenbridge::net
{
namespace
{

    using namespace std::chrono_literals;

    class OneShotServer
    {
    public:
        // `answer` is written after the request's headers and body arrived; `hold` keeps the
        // connection open (silent) for that long first.
        explicit OneShotServer(std::string answer, std::chrono::milliseconds hold = 0ms)
        {
            _listener = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address {};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            socklen_t length = sizeof address;
            EXPECT_EQ(::bind(_listener, reinterpret_cast<sockaddr*>(&address), length), 0);
            EXPECT_EQ(::listen(_listener, 1), 0);
            ::getsockname(_listener, reinterpret_cast<sockaddr*>(&address), &length);
            _port = ntohs(address.sin_port);
            _thread = std::thread([this, answer = std::move(answer), hold] {
                const int client = ::accept(_listener, nullptr, nullptr);
                if (client < 0) {
                    return;
                }
                readRequest(client);
                std::this_thread::sleep_for(hold);
                (void)::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
                ::close(client);
            });
        }
        ~OneShotServer()
        {
            ::shutdown(_listener, SHUT_RDWR);
            _thread.join();
            ::close(_listener);
        }
        OneShotServer(const OneShotServer&) = delete;
        OneShotServer& operator=(const OneShotServer&) = delete;

        [[nodiscard]] std::string url() const
        {
            return "http://127.0.0.1:" + std::to_string(_port);
        }
        [[nodiscard]] const std::string& request() const { return _request; }

    private:
        // Headers, then as many body bytes as Content-Length says.
        void readRequest(int client)
        {
            char buffer[4096];
            while (true) {
                const auto end = _request.find("\r\n\r\n");
                if (end != std::string::npos) {
                    const auto at = _request.find("Content-Length: ");
                    const auto length =
                        at == std::string::npos ? 0 : std::stoul(_request.substr(at + 16));
                    if (_request.size() >= end + 4 + length) {
                        return;
                    }
                }
                const auto got = ::recv(client, buffer, sizeof buffer, 0);
                if (got <= 0) {
                    return;
                }
                _request.append(buffer, static_cast<std::size_t>(got));
            }
        }

        int _listener = -1;
        int _port = 0;
        std::string _request;
        std::thread _thread;
    };

    std::string answer(const std::string& status, const std::string& body)
    {
        return "HTTP/1.1 " + status + "\r\nContent-Type: application/ocsp-response\r\n"
            + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n"
            + body;
    }

    HttpError::Kind kindOf(const std::string& url, const HttpLimits& limits = {})
    {
        try {
            (void)httpPost(url, "application/ocsp-request", Bytes { 1, 2 }, limits);
        } catch (const HttpError& error) {
            return error.kind();
        }
        ADD_FAILURE() << url << " succeeded";
        return HttpError::Kind::Transfer;
    }

    TEST(HttpClient, postsTheBodyAndReturnsTheAnswer)
    {
        OneShotServer server(answer("200 OK", "answer"));
        const auto response =
            httpPost(server.url() + "/ocsp", "application/ocsp-request", Bytes { 'a', 'b', 'c' });
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.contentType, "application/ocsp-response");
        EXPECT_EQ(response.body, (Bytes { 'a', 'n', 's', 'w', 'e', 'r' }));
        EXPECT_TRUE(server.request().starts_with("POST /ocsp HTTP/1.1\r\n")) << server.request();
        EXPECT_NE(
            server.request().find("Content-Type: application/ocsp-request\r\n"), std::string::npos);
        EXPECT_TRUE(server.request().ends_with("\r\n\r\nabc"));
    }

    // The network guard's pin: the name is never looked up, the checked address is connected.
    TEST(HttpClient, connectsToThePinnedAddress)
    {
        OneShotServer server(answer("200 OK", "pinned"));
        const auto port = std::stol(server.url().substr(server.url().rfind(':') + 1));
        const std::string url = "http://tsa.invalid:" + std::to_string(port) + "/tsp";
        const auto response = httpPost(url, "application/timestamp-query", Bytes { 1 }, {},
            HttpRoute { "tsa.invalid", port, "127.0.0.1" });
        EXPECT_EQ(response.body, (Bytes { 'p', 'i', 'n', 'n', 'e', 'd' }));
        EXPECT_NE(server.request().find("Host: tsa.invalid:"), std::string::npos);
        EXPECT_EQ(kindOf(url), HttpError::Kind::Unreachable); // without the pin: no such name
    }

    TEST(HttpClient, typedErrors)
    {
        {
            OneShotServer server(answer("500 Internal Server Error", "no"));
            EXPECT_EQ(kindOf(server.url()), HttpError::Kind::Status);
        }
        {
            OneShotServer server(answer("200 OK", std::string(2000, 'x')));
            HttpLimits limits;
            limits.maxResponse = 1000;
            EXPECT_EQ(kindOf(server.url(), limits), HttpError::Kind::TooLarge);
        }
        {
            OneShotServer server(answer("200 OK", "late"), 1500ms);
            HttpLimits limits;
            limits.totalTimeout = 300ms;
            EXPECT_EQ(kindOf(server.url(), limits), HttpError::Kind::Timeout);
        }
        std::string closed;
        {
            OneShotServer server(""); // its port, free again once it is gone
            closed = server.url();
            (void)kindOf(closed); // the one connection: an empty answer
        }
        EXPECT_EQ(kindOf(closed), HttpError::Kind::Unreachable);
        for (const char* url : { "ftp://127.0.0.1/x", "file:///etc/passwd", "127.0.0.1:80", "" }) {
            EXPECT_EQ(kindOf(url), HttpError::Kind::BadUrl) << url;
        }
    }

} // namespace
} // namespace tokenbridge::net
