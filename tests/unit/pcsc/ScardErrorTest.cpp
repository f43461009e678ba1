#include "pcsc/ScardError.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <typeinfo>
using namespace tokenbridge;
using namespace tokenbridge::pcsc;

namespace
{

struct Thrown
{
    std::string type;
    ErrorCode code;
    std::string message;
};

Thrown thrownFor(LONG code)
{
    try {
        throwScardError("SCardTransmit", code);
    } catch (const tokenbridge::RetryableError& error) {
        return { "retryable", error.code(), error.what() };
    } catch (const tokenbridge::FatalError& error) {
        return { "fatal", error.code(), error.what() };
    } catch (const tokenbridge::Error& error) {
        return { "other", error.code(), error.what() };
    }
    return { "none", ErrorCode::INTERNAL_ERROR, "" };
}

struct Expectation
{
    LONG code;
    const char* type;
    ErrorCode errorCode;
};

} // namespace

TEST(ScardError, ServiceMissingIsRetryablePcscUnavailable)
{
    for (const auto code : { SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, SCARD_F_COMM_ERROR,
             SCARD_W_SECURITY_VIOLATION }) {
        const auto thrown = thrownFor(code);
        EXPECT_EQ(thrown.type, "retryable") << scardErrorName(code);
        EXPECT_EQ(thrown.code, ErrorCode::PCSC_UNAVAILABLE) << scardErrorName(code);
    }
}

TEST(ScardError, CardGoneIsRetryableTokenRemoved)
{
    // SCARD_E_NOT_TRANSACTED is what a card pulled mid-session gives (pitfall P6).
    for (const auto code : { SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, SCARD_E_NOT_TRANSACTED,
             SCARD_W_RESET_CARD, SCARD_E_READER_UNAVAILABLE, SCARD_E_UNKNOWN_READER }) {
        const auto thrown = thrownFor(code);
        EXPECT_EQ(thrown.type, "retryable") << scardErrorName(code);
        EXPECT_EQ(thrown.code, ErrorCode::TOKEN_REMOVED) << scardErrorName(code);
    }
}

TEST(ScardError, NoReadersIsAFailureClassOfItsOwn)
{
    EXPECT_EQ(scardFailure(SCARD_E_NO_READERS_AVAILABLE), ScardFailure::NoReaders);
    EXPECT_EQ(thrownFor(SCARD_E_NO_READERS_AVAILABLE).code, ErrorCode::TOKEN_REMOVED);
}

TEST(ScardError, SharingViolationIsBusy)
{
    const auto thrown = thrownFor(SCARD_E_SHARING_VIOLATION);
    EXPECT_EQ(thrown.type, "retryable");
    EXPECT_EQ(thrown.code, ErrorCode::BUSY);
}

TEST(ScardError, OthersAreFatalAndNamed)
{
    const Expectation cases[] = {
        { SCARD_E_INVALID_PARAMETER, "fatal", ErrorCode::INTERNAL_ERROR },
        { SCARD_E_INVALID_HANDLE, "fatal", ErrorCode::INTERNAL_ERROR },
        { SCARD_E_PROTO_MISMATCH, "fatal", ErrorCode::INTERNAL_ERROR },
        { SCARD_W_UNRESPONSIVE_CARD, "fatal", ErrorCode::INTERNAL_ERROR },
    };
    for (const auto& expected : cases) {
        const auto thrown = thrownFor(expected.code);
        EXPECT_EQ(thrown.type, expected.type);
        EXPECT_EQ(thrown.code, expected.errorCode);
        EXPECT_NE(
            thrown.message.find(std::string(scardErrorName(expected.code))), std::string::npos)
            << thrown.message;
        EXPECT_EQ(thrown.message.find("SCardTransmit failed: "), 0u) << thrown.message;
    }
}

TEST(ScardError, UnknownCodeIsFatalWithItsHexValue)
{
    const auto thrown = thrownFor(static_cast<LONG>(0x80100999));
    EXPECT_EQ(thrown.type, "fatal");
    EXPECT_EQ(thrown.message, "SCardTransmit failed: SCARD_UNKNOWN (0x80100999)");
}

TEST(ScardError, DescribeAndNames)
{
    EXPECT_EQ(describeScardError(SCARD_E_NO_SERVICE), "SCARD_E_NO_SERVICE (0x8010001D)");
    EXPECT_EQ(scardErrorName(SCARD_W_REMOVED_CARD), "SCARD_W_REMOVED_CARD");
    EXPECT_EQ(scardErrorName(SCARD_E_TIMEOUT), "SCARD_E_TIMEOUT");
}

TEST(ScardError, CheckPassesSuccess)
{
    EXPECT_NO_THROW(checkScard("SCardConnect", SCARD_S_SUCCESS));
    EXPECT_THROW(checkScard("SCardConnect", SCARD_E_NO_SMARTCARD), tokenbridge::RetryableError);
}

TEST(ScardError, ThrownErrorsCarryTheirCode)
{
    for (const auto code : { SCARD_W_REMOVED_CARD, SCARD_W_RESET_CARD, SCARD_E_NO_SERVICE,
             SCARD_E_SHARING_VIOLATION, SCARD_E_INVALID_HANDLE, static_cast<LONG>(0x80100999) }) {
        try {
            throwScardError("SCardBeginTransaction", code);
        } catch (const tokenbridge::Error& error) { // every failure class, Fatal included
            EXPECT_EQ(scardCode(error), code) << scardErrorName(code);
        }
    }
    EXPECT_EQ(scardCode(tokenbridge::RetryableError(ErrorCode::TOKEN_REMOVED, "no answer")),
        std::nullopt);
    EXPECT_EQ(scardCode(std::runtime_error("other")), std::nullopt);
}
