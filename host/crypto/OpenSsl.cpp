#include "OpenSsl.hpp"

#include <openssl/err.h>

namespace tokenbridge::crypto
{

std::string takeOpenSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown OpenSSL error";
    }
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

void throwOpenSslError(const std::string& what)
{
    throw FatalError(what + ": " + takeOpenSslError());
}

void throwOpenSslInputError(const std::string& what)
{
    throw RequestError(ErrorCode::INVALID_PARAMS, what + ": " + takeOpenSslError());
}

} // namespace tokenbridge::crypto
