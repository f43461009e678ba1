#include "modes/active/CkrError.hpp"

#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace tokenbridge::modes::active
{
namespace
{

    // Runs throwCkr and reports which exception type and code came out.
    struct Thrown
    {
        std::string type;
        ErrorCode code = ErrorCode::INTERNAL_ERROR;
        std::string message;
        nlohmann::json details;
    };

    Thrown thrownBy(CK_RV rv, nlohmann::json details = {})
    {
        const auto capture = [](const char* type, const Error& error) {
            return Thrown { type, error.code(), error.what(), error.details() };
        };
        try {
            throwCkr("C_Test", rv, std::move(details));
        } catch (const UserActionError& error) {
            return capture("user", error);
        } catch (const CardError& error) {
            return capture("card", error);
        } catch (const RetryableError& error) {
            return capture("retryable", error);
        } catch (const RequestError& error) {
            return capture("request", error);
        } catch (const FatalError& error) {
            return capture("fatal", error);
        } catch (const Error& error) {
            return capture("error", error);
        }
        return {};
    }

    struct Expected
    {
        CK_RV rv;
        const char* type;
        ErrorCode code;
    };

    TEST(CkrError, MapsTheCodesTheHostActsOn)
    {
        const Expected cases[] = {
            { CKR_PIN_INCORRECT, "user", ErrorCode::PIN_INCORRECT },
            { CKR_PIN_LOCKED, "user", ErrorCode::PIN_BLOCKED },
            { CKR_PIN_LEN_RANGE, "user", ErrorCode::PIN_INVALID },
            { CKR_PIN_INVALID, "user", ErrorCode::PIN_INVALID },
            { CKR_USER_NOT_LOGGED_IN, "user", ErrorCode::PIN_REQUIRED },
            { CKR_FUNCTION_CANCELED, "user", ErrorCode::USER_CANCELLED },
            { CKR_DEVICE_REMOVED, "retryable", ErrorCode::TOKEN_REMOVED },
            { CKR_TOKEN_NOT_PRESENT, "retryable", ErrorCode::TOKEN_REMOVED },
            { CKR_SESSION_HANDLE_INVALID, "retryable", ErrorCode::TOKEN_REMOVED },
            { CKR_SESSION_CLOSED, "retryable", ErrorCode::TOKEN_REMOVED },
            { CKR_SESSION_COUNT, "retryable", ErrorCode::BUSY },
            { CKR_MECHANISM_INVALID, "user", ErrorCode::MODE_NOT_SUPPORTED },
            { CKR_CURVE_NOT_SUPPORTED, "user", ErrorCode::MODE_NOT_SUPPORTED },
            { CKR_MECHANISM_PARAM_INVALID, "request", ErrorCode::INVALID_PARAMS },
            { CKR_TEMPLATE_INCONSISTENT, "request", ErrorCode::INVALID_PARAMS },
            { CKR_ATTRIBUTE_SENSITIVE, "request", ErrorCode::NOT_EXPORTABLE },
            { CKR_KEY_UNEXTRACTABLE, "request", ErrorCode::NOT_EXPORTABLE },
            { CKR_OBJECT_HANDLE_INVALID, "request", ErrorCode::KEY_NOT_FOUND },
            { CKR_KEY_HANDLE_INVALID, "request", ErrorCode::KEY_NOT_FOUND },
            { CKR_SIGNATURE_INVALID, "request", ErrorCode::SIGNATURE_INVALID },
            { CKR_DEVICE_ERROR, "card", ErrorCode::CARD_ERROR },
            { CKR_GENERAL_ERROR, "fatal", ErrorCode::INTERNAL_ERROR },
            { CKR_VENDOR_DEFINED + 10, "user",
                ErrorCode::PIN_INVALID }, // rtpkcs11 INAPPROPRIATE_PIN
        };
        for (const auto& expected : cases) {
            const auto thrown = thrownBy(expected.rv);
            EXPECT_EQ(thrown.type, expected.type) << ckrName(expected.rv);
            EXPECT_EQ(thrown.code, expected.code) << ckrName(expected.rv);
            if (thrown.type != "fatal") { // FatalError carries no details, only its message
                EXPECT_EQ(thrown.details.value("ckr", ""), ckrName(expected.rv));
            }
        }
    }

    TEST(CkrError, UnknownCodeIsFatalAndNamed)
    {
        const auto thrown = thrownBy(0x7777);
        EXPECT_EQ(thrown.type, "fatal");
        EXPECT_NE(thrown.message.find("CKR_UNKNOWN (0x7777)"), std::string::npos) << thrown.message;
        EXPECT_NE(thrown.message.find("C_Test"), std::string::npos);

        const auto vendor = thrownBy(CKR_VENDOR_DEFINED + 0x123);
        EXPECT_EQ(vendor.type, "fatal");
        EXPECT_NE(vendor.message.find("CKR_VENDOR_DEFINED+0x123"), std::string::npos)
            << vendor.message;
    }

    TEST(CkrError, NamesAndDescriptions)
    {
        EXPECT_EQ(ckrName(CKR_PIN_INCORRECT), "CKR_PIN_INCORRECT");
        EXPECT_EQ(ckrName(CKR_VENDOR_DEFINED + 11), "CKR_PIN_IN_HISTORY");
        EXPECT_EQ(describeCkr(CKR_PIN_INCORRECT), "CKR_PIN_INCORRECT (0xA0)");
        EXPECT_EQ(ckrFailure(CKR_PIN_LOCKED), CkrFailure::PinBlocked);
        EXPECT_EQ(ckrFailure(0xFFFF), CkrFailure::Fatal);
    }

    TEST(CkrError, KeepsCallerDetails)
    {
        const auto thrown = thrownBy(CKR_PIN_INCORRECT, { { "retriesLeft", 1 } });
        EXPECT_EQ(thrown.details.value("retriesLeft", -1), 1);
        EXPECT_EQ(thrown.details.value("ckr", ""), "CKR_PIN_INCORRECT");
    }

    TEST(CkrError, CheckPassesOk)
    {
        EXPECT_NO_THROW(checkCkr("C_Test", CKR_OK));
        EXPECT_THROW(checkCkr("C_Test", CKR_PIN_INCORRECT), UserActionError);
    }

} // namespace
} // namespace tokenbridge::modes::active
