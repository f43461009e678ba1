#include "CkrError.hpp"

#include "core/Error.hpp"

#include <cstdio>

namespace tokenbridge::modes::active
{

namespace
{

    using enum CkrFailure;

    // rtpkcs11t.h vendor codes (as mirrored by AktivCo/pkcs11jna): CKR_VENDOR_DEFINED + n.
    constexpr CK_RV VENDOR = CKR_VENDOR_DEFINED;

    constexpr CkrEntry CKR_TABLE[] = {
        { CKR_CANCEL, "CKR_CANCEL", Cancelled },
        { CKR_HOST_MEMORY, "CKR_HOST_MEMORY", Fatal },
        { CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID", TokenRemoved },
        { CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR", Fatal },
        { CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED", Fatal },
        { CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD", Fatal },
        { CKR_NO_EVENT, "CKR_NO_EVENT", Fatal },
        { CKR_NEED_TO_CREATE_THREADS, "CKR_NEED_TO_CREATE_THREADS", Fatal },
        { CKR_CANT_LOCK, "CKR_CANT_LOCK", Fatal },
        { CKR_ATTRIBUTE_READ_ONLY, "CKR_ATTRIBUTE_READ_ONLY", InvalidParams },
        { CKR_ATTRIBUTE_SENSITIVE, "CKR_ATTRIBUTE_SENSITIVE", NotExportable },
        { CKR_ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID", InvalidParams },
        { CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID", InvalidParams },
        { CKR_ACTION_PROHIBITED, "CKR_ACTION_PROHIBITED", NotExportable },
        { CKR_DATA_INVALID, "CKR_DATA_INVALID", InvalidParams },
        { CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE", InvalidParams },
        { CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR", DeviceError },
        { CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY", DeviceError },
        { CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED", TokenRemoved },
        { CKR_ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID", InvalidParams },
        { CKR_ENCRYPTED_DATA_LEN_RANGE, "CKR_ENCRYPTED_DATA_LEN_RANGE", InvalidParams },
        { CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED", Cancelled },
        { CKR_FUNCTION_NOT_PARALLEL, "CKR_FUNCTION_NOT_PARALLEL", Busy },
        { CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED", NotSupported },
        { CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID", KeyNotFound },
        { CKR_KEY_SIZE_RANGE, "CKR_KEY_SIZE_RANGE", NotSupported },
        { CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT", InvalidParams },
        { CKR_KEY_NOT_NEEDED, "CKR_KEY_NOT_NEEDED", Fatal },
        { CKR_KEY_CHANGED, "CKR_KEY_CHANGED", Fatal },
        { CKR_KEY_NEEDED, "CKR_KEY_NEEDED", Fatal },
        { CKR_KEY_INDIGESTIBLE, "CKR_KEY_INDIGESTIBLE", NotExportable },
        { CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED", InvalidParams },
        { CKR_KEY_NOT_WRAPPABLE, "CKR_KEY_NOT_WRAPPABLE", NotExportable },
        { CKR_KEY_UNEXTRACTABLE, "CKR_KEY_UNEXTRACTABLE", NotExportable },
        { CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID", NotSupported },
        { CKR_MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID", InvalidParams },
        { CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID", KeyNotFound },
        { CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE", Fatal },
        { CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED", Fatal },
        { CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT", PinIncorrect },
        { CKR_PIN_INVALID, "CKR_PIN_INVALID", PinInvalid },
        { CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE", PinInvalid },
        // An expired PIN must be changed before use: closest code the protocol has.
        { CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED", PinInvalid },
        { CKR_PIN_LOCKED, "CKR_PIN_LOCKED", PinBlocked },
        { CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED", TokenRemoved },
        { CKR_SESSION_COUNT, "CKR_SESSION_COUNT", Busy },
        { CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID", TokenRemoved },
        { CKR_SESSION_PARALLEL_NOT_SUPPORTED, "CKR_SESSION_PARALLEL_NOT_SUPPORTED", Fatal },
        { CKR_SESSION_READ_ONLY, "CKR_SESSION_READ_ONLY", Fatal },
        { CKR_SESSION_EXISTS, "CKR_SESSION_EXISTS", Busy },
        { CKR_SESSION_READ_ONLY_EXISTS, "CKR_SESSION_READ_ONLY_EXISTS", Busy },
        { CKR_SESSION_READ_WRITE_SO_EXISTS, "CKR_SESSION_READ_WRITE_SO_EXISTS", Busy },
        { CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID", SignatureInvalid },
        { CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE", SignatureInvalid },
        { CKR_TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE", InvalidParams },
        { CKR_TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT", InvalidParams },
        { CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT", TokenRemoved },
        { CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED", NotSupported },
        { CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED", DeviceError },
        { CKR_UNWRAPPING_KEY_HANDLE_INVALID, "CKR_UNWRAPPING_KEY_HANDLE_INVALID", KeyNotFound },
        { CKR_UNWRAPPING_KEY_SIZE_RANGE, "CKR_UNWRAPPING_KEY_SIZE_RANGE", InvalidParams },
        { CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, "CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT",
            InvalidParams },
        { CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN", Fatal },
        { CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN", PinRequired },
        { CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED", PinBlocked },
        { CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID", Fatal },
        { CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN", Busy },
        { CKR_USER_TOO_MANY_TYPES, "CKR_USER_TOO_MANY_TYPES", Busy },
        { CKR_WRAPPED_KEY_INVALID, "CKR_WRAPPED_KEY_INVALID", InvalidParams },
        { CKR_WRAPPED_KEY_LEN_RANGE, "CKR_WRAPPED_KEY_LEN_RANGE", InvalidParams },
        { CKR_WRAPPING_KEY_HANDLE_INVALID, "CKR_WRAPPING_KEY_HANDLE_INVALID", KeyNotFound },
        { CKR_WRAPPING_KEY_SIZE_RANGE, "CKR_WRAPPING_KEY_SIZE_RANGE", InvalidParams },
        { CKR_WRAPPING_KEY_TYPE_INCONSISTENT, "CKR_WRAPPING_KEY_TYPE_INCONSISTENT", InvalidParams },
        { CKR_RANDOM_SEED_NOT_SUPPORTED, "CKR_RANDOM_SEED_NOT_SUPPORTED", NotSupported },
        { CKR_RANDOM_NO_RNG, "CKR_RANDOM_NO_RNG", NotSupported },
        { CKR_DOMAIN_PARAMS_INVALID, "CKR_DOMAIN_PARAMS_INVALID", NotSupported },
        { CKR_CURVE_NOT_SUPPORTED, "CKR_CURVE_NOT_SUPPORTED", NotSupported },
        { CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL", Fatal },
        { CKR_SAVED_STATE_INVALID, "CKR_SAVED_STATE_INVALID", Fatal },
        { CKR_INFORMATION_SENSITIVE, "CKR_INFORMATION_SENSITIVE", NotExportable },
        { CKR_STATE_UNSAVEABLE, "CKR_STATE_UNSAVEABLE", Fatal },
        { CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED", Fatal },
        { CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED", Fatal },
        { CKR_MUTEX_BAD, "CKR_MUTEX_BAD", Fatal },
        { CKR_MUTEX_NOT_LOCKED, "CKR_MUTEX_NOT_LOCKED", Fatal },
        { CKR_NEW_PIN_MODE, "CKR_NEW_PIN_MODE", Fatal },
        { CKR_NEXT_OTP, "CKR_NEXT_OTP", Fatal },
        { CKR_EXCEEDED_MAX_ITERATIONS, "CKR_EXCEEDED_MAX_ITERATIONS", Fatal },
        { CKR_FIPS_SELF_TEST_FAILED, "CKR_FIPS_SELF_TEST_FAILED", Fatal },
        { CKR_LIBRARY_LOAD_FAILED, "CKR_LIBRARY_LOAD_FAILED", Fatal },
        { CKR_PIN_TOO_WEAK, "CKR_PIN_TOO_WEAK", PinInvalid },
        { CKR_PUBLIC_KEY_INVALID, "CKR_PUBLIC_KEY_INVALID", InvalidParams },
        { CKR_FUNCTION_REJECTED, "CKR_FUNCTION_REJECTED", Cancelled },
        { VENDOR + 1, "CKR_CORRUPTED_MAPFILE", DeviceError },
        { VENDOR + 2, "CKR_WRONG_VERSION_FIELD", DeviceError },
        { VENDOR + 3, "CKR_WRONG_PKCS1_ENCODING", InvalidParams },
        { VENDOR + 4, "CKR_RTPKCS11_DATA_CORRUPTED", DeviceError },
        { VENDOR + 5, "CKR_RTPKCS11_RSF_DATA_CORRUPTED", DeviceError },
        { VENDOR + 6, "CKR_SM_PASSWORD_INVALID", PinIncorrect },
        { VENDOR + 7, "CKR_LICENSE_READ_ONLY", DeviceError },
        { VENDOR + 8, "CKR_VENDOR_EMITENT_KEY_BLOCKED", PinBlocked },
        { VENDOR + 9, "CKR_CERT_CHAIN_NOT_VERIFIED", InvalidParams },
        { VENDOR + 10, "CKR_INAPPROPRIATE_PIN", PinInvalid },
        { VENDOR + 11, "CKR_PIN_IN_HISTORY", PinInvalid },
    };

    const CkrEntry* findEntry(CK_RV code)
    {
        for (const auto& entry : CKR_TABLE) {
            if (entry.code == code) {
                return &entry;
            }
        }
        return nullptr;
    }

    enum class ErrorKind { Request, Retryable, UserAction, Device, Fatal };

    struct FailureEntry
    {
        CkrFailure failure;
        ErrorKind kind;
        ErrorCode code;
        std::string_view text; // what the user/caller is told; the CKR name follows
    };

    constexpr FailureEntry FAILURES[] = {
        { PinIncorrect, ErrorKind::UserAction, ErrorCode::PIN_INCORRECT, "incorrect PIN" },
        { PinBlocked, ErrorKind::UserAction, ErrorCode::PIN_BLOCKED, "PIN is blocked" },
        { PinInvalid, ErrorKind::UserAction, ErrorCode::PIN_INVALID,
            "PIN not acceptable to the token" },
        { PinRequired, ErrorKind::UserAction, ErrorCode::PIN_REQUIRED, "login required" },
        { Cancelled, ErrorKind::UserAction, ErrorCode::USER_CANCELLED, "cancelled on the token" },
        { TokenRemoved, ErrorKind::Retryable, ErrorCode::TOKEN_REMOVED, "token removed" },
        { Busy, ErrorKind::Retryable, ErrorCode::BUSY, "token busy" },
        { NotSupported, ErrorKind::UserAction, ErrorCode::MODE_NOT_SUPPORTED,
            "not supported by the token" },
        { InvalidParams, ErrorKind::Request, ErrorCode::INVALID_PARAMS, "rejected by the token" },
        { NotExportable, ErrorKind::Request, ErrorCode::NOT_EXPORTABLE, "key is not exportable" },
        { KeyNotFound, ErrorKind::Request, ErrorCode::KEY_NOT_FOUND, "object not found" },
        { SignatureInvalid, ErrorKind::Request, ErrorCode::SIGNATURE_INVALID, "signature invalid" },
        { DeviceError, ErrorKind::Device, ErrorCode::CARD_ERROR, "token error" },
        { Fatal, ErrorKind::Fatal, ErrorCode::INTERNAL_ERROR, "PKCS#11 failure" },
    };

    const FailureEntry& failureEntry(CkrFailure failure)
    {
        for (const auto& entry : FAILURES) {
            if (entry.failure == failure) {
                return entry;
            }
        }
        return FAILURES[std::size(FAILURES) - 1];
    }

} // namespace

std::string ckrName(CK_RV code)
{
    if (const auto* entry = findEntry(code)) {
        return std::string(entry->name);
    }
    if (code >= CKR_VENDOR_DEFINED) {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, "CKR_VENDOR_DEFINED+0x%lX", code - CKR_VENDOR_DEFINED);
        return buffer;
    }
    return "CKR_UNKNOWN";
}

std::string describeCkr(CK_RV code)
{
    char hex[24];
    std::snprintf(hex, sizeof hex, " (0x%lX)", code);
    return ckrName(code) + hex;
}

CkrFailure ckrFailure(CK_RV code)
{
    const auto* entry = findEntry(code);
    return entry != nullptr ? entry->failure : Fatal;
}

void throwCkr(std::string_view function, CK_RV code, nlohmann::json details)
{
    const auto& failure = failureEntry(ckrFailure(code));
    const std::string message =
        std::string(function) + ": " + std::string(failure.text) + ", " + describeCkr(code);
    if (!details.is_object()) {
        details = nlohmann::json::object();
    }
    details["ckr"] = ckrName(code);
    switch (failure.kind) {
    case ErrorKind::Request:
        throw RequestError(failure.code, message, std::move(details));
    case ErrorKind::Retryable:
        throw RetryableError(failure.code, message, std::move(details));
    case ErrorKind::UserAction:
        throw UserActionError(failure.code, message, std::move(details));
    case ErrorKind::Device:
        throw CardError(message, std::move(details));
    case ErrorKind::Fatal:
        break;
    }
    throw FatalError(message);
}

} // namespace tokenbridge::modes::active
