#pragma once

#include "Pkcs11.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace tokenbridge::modes::active
{

// What a caller can do about a CKR_* result; decides the exception type and protocol code.
enum class CkrFailure {
    PinIncorrect, // UserActionError(PIN_INCORRECT)
    PinBlocked, // UserActionError(PIN_BLOCKED)
    PinInvalid, // UserActionError(PIN_INVALID): length/charset/policy
    PinRequired, // UserActionError(PIN_REQUIRED): not logged in
    Cancelled, // UserActionError(USER_CANCELLED): cancelled on a pinpad/button
    TokenRemoved, // RetryableError(TOKEN_REMOVED)
    Busy, // RetryableError(BUSY)
    NotSupported, // UserActionError(MODE_NOT_SUPPORTED): mechanism/curve the token lacks
    InvalidParams, // RequestError(INVALID_PARAMS)
    NotExportable, // RequestError(NOT_EXPORTABLE)
    KeyNotFound, // RequestError(KEY_NOT_FOUND)
    SignatureInvalid, // RequestError(SIGNATURE_INVALID)
    DeviceError, // Error(CARD_ERROR)
    Fatal, // FatalError naming the CKR
};

struct CkrEntry
{
    CK_RV code;
    std::string_view name;
    CkrFailure failure;
};

// "CKR_PIN_INCORRECT"; vendor codes as "CKR_VENDOR_DEFINED+0x..." (rtpkcs11ecp names where known);
// "CKR_UNKNOWN" otherwise.
std::string ckrName(CK_RV code);
// "CKR_PIN_INCORRECT (0xA0)".
std::string describeCkr(CK_RV code);
CkrFailure ckrFailure(CK_RV code);

// The one seam from CKR_* results to the typed exceptions of core/Error.hpp. `details` are
// merged into the error (e.g. retriesLeft); the CKR name is always added as "ckr".
[[noreturn]] void throwCkr(std::string_view function, CK_RV code, nlohmann::json details = {});

inline void checkCkr(std::string_view function, CK_RV code)
{
    if (code != CKR_OK) {
        throwCkr(function, code);
    }
}

} // namespace tokenbridge::modes::active
