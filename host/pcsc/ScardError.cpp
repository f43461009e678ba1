#include "ScardError.hpp"

#include "core/Error.hpp"

#include <cstdio>

namespace tokenbridge::pcsc
{

namespace
{

    using enum ScardFailure;

    // SCARD_E_UNSUPPORTED_FEATURE shares its value with SCARD_E_UNEXPECTED in pcsc-lite.
    constexpr ScardErrorEntry SCARD_ERRORS[] = {
        { SCARD_F_INTERNAL_ERROR, "SCARD_F_INTERNAL_ERROR", Fatal },
        { SCARD_E_CANCELLED, "SCARD_E_CANCELLED", Fatal },
        { SCARD_E_INVALID_HANDLE, "SCARD_E_INVALID_HANDLE", Fatal },
        { SCARD_E_INVALID_PARAMETER, "SCARD_E_INVALID_PARAMETER", Fatal },
        { SCARD_E_INVALID_TARGET, "SCARD_E_INVALID_TARGET", Fatal },
        { SCARD_E_NO_MEMORY, "SCARD_E_NO_MEMORY", Fatal },
        { SCARD_F_WAITED_TOO_LONG, "SCARD_F_WAITED_TOO_LONG", Fatal },
        { SCARD_E_INSUFFICIENT_BUFFER, "SCARD_E_INSUFFICIENT_BUFFER", Fatal },
        { SCARD_E_UNKNOWN_READER, "SCARD_E_UNKNOWN_READER", TokenRemoved },
        { SCARD_E_TIMEOUT, "SCARD_E_TIMEOUT", Fatal },
        { SCARD_E_SHARING_VIOLATION, "SCARD_E_SHARING_VIOLATION", Busy },
        { SCARD_E_NO_SMARTCARD, "SCARD_E_NO_SMARTCARD", TokenRemoved },
        { SCARD_E_UNKNOWN_CARD, "SCARD_E_UNKNOWN_CARD", Fatal },
        { SCARD_E_CANT_DISPOSE, "SCARD_E_CANT_DISPOSE", Fatal },
        { SCARD_E_PROTO_MISMATCH, "SCARD_E_PROTO_MISMATCH", Fatal },
        { SCARD_E_NOT_READY, "SCARD_E_NOT_READY", Fatal },
        { SCARD_E_INVALID_VALUE, "SCARD_E_INVALID_VALUE", Fatal },
        { SCARD_E_SYSTEM_CANCELLED, "SCARD_E_SYSTEM_CANCELLED", Fatal },
        { SCARD_F_COMM_ERROR, "SCARD_F_COMM_ERROR", Unavailable },
        { SCARD_F_UNKNOWN_ERROR, "SCARD_F_UNKNOWN_ERROR", Fatal },
        { SCARD_E_INVALID_ATR, "SCARD_E_INVALID_ATR", Fatal },
        { SCARD_E_NOT_TRANSACTED, "SCARD_E_NOT_TRANSACTED", TokenRemoved },
        { SCARD_E_READER_UNAVAILABLE, "SCARD_E_READER_UNAVAILABLE", TokenRemoved },
        { SCARD_P_SHUTDOWN, "SCARD_P_SHUTDOWN", Unavailable },
        { SCARD_E_PCI_TOO_SMALL, "SCARD_E_PCI_TOO_SMALL", Fatal },
        { SCARD_E_READER_UNSUPPORTED, "SCARD_E_READER_UNSUPPORTED", Fatal },
        { SCARD_E_DUPLICATE_READER, "SCARD_E_DUPLICATE_READER", Fatal },
        { SCARD_E_CARD_UNSUPPORTED, "SCARD_E_CARD_UNSUPPORTED", Fatal },
        { SCARD_E_NO_SERVICE, "SCARD_E_NO_SERVICE", Unavailable },
        { SCARD_E_SERVICE_STOPPED, "SCARD_E_SERVICE_STOPPED", Unavailable },
        { SCARD_E_UNEXPECTED, "SCARD_E_UNEXPECTED", Fatal },
        { SCARD_E_ICC_INSTALLATION, "SCARD_E_ICC_INSTALLATION", Fatal },
        { SCARD_E_ICC_CREATEORDER, "SCARD_E_ICC_CREATEORDER", Fatal },
        { SCARD_E_DIR_NOT_FOUND, "SCARD_E_DIR_NOT_FOUND", Fatal },
        { SCARD_E_FILE_NOT_FOUND, "SCARD_E_FILE_NOT_FOUND", Fatal },
        { SCARD_E_NO_DIR, "SCARD_E_NO_DIR", Fatal },
        { SCARD_E_NO_FILE, "SCARD_E_NO_FILE", Fatal },
        { SCARD_E_NO_ACCESS, "SCARD_E_NO_ACCESS", Fatal },
        { SCARD_E_WRITE_TOO_MANY, "SCARD_E_WRITE_TOO_MANY", Fatal },
        { SCARD_E_BAD_SEEK, "SCARD_E_BAD_SEEK", Fatal },
        { SCARD_E_INVALID_CHV, "SCARD_E_INVALID_CHV", Fatal },
        { SCARD_E_UNKNOWN_RES_MNG, "SCARD_E_UNKNOWN_RES_MNG", Fatal },
        { SCARD_E_NO_SUCH_CERTIFICATE, "SCARD_E_NO_SUCH_CERTIFICATE", Fatal },
        { SCARD_E_CERTIFICATE_UNAVAILABLE, "SCARD_E_CERTIFICATE_UNAVAILABLE", Fatal },
        { SCARD_E_NO_READERS_AVAILABLE, "SCARD_E_NO_READERS_AVAILABLE", NoReaders },
        { SCARD_E_COMM_DATA_LOST, "SCARD_E_COMM_DATA_LOST", TokenRemoved },
        { SCARD_E_NO_KEY_CONTAINER, "SCARD_E_NO_KEY_CONTAINER", Fatal },
        { SCARD_E_SERVER_TOO_BUSY, "SCARD_E_SERVER_TOO_BUSY", Busy },
        { SCARD_W_UNSUPPORTED_CARD, "SCARD_W_UNSUPPORTED_CARD", Fatal },
        { SCARD_W_UNRESPONSIVE_CARD, "SCARD_W_UNRESPONSIVE_CARD", Fatal },
        { SCARD_W_UNPOWERED_CARD, "SCARD_W_UNPOWERED_CARD", TokenRemoved },
        { SCARD_W_RESET_CARD, "SCARD_W_RESET_CARD", TokenRemoved },
        { SCARD_W_REMOVED_CARD, "SCARD_W_REMOVED_CARD", TokenRemoved },
        // What a client gets from a pcscd still starting up, or one whose polkit policy refuses it.
        { SCARD_W_SECURITY_VIOLATION, "SCARD_W_SECURITY_VIOLATION", Unavailable },
        { SCARD_W_WRONG_CHV, "SCARD_W_WRONG_CHV", Fatal },
        { SCARD_W_CHV_BLOCKED, "SCARD_W_CHV_BLOCKED", Fatal },
        { SCARD_W_EOF, "SCARD_W_EOF", Fatal },
        { SCARD_W_CANCELLED_BY_USER, "SCARD_W_CANCELLED_BY_USER", Fatal },
        { SCARD_W_CARD_NOT_AUTHENTICATED, "SCARD_W_CARD_NOT_AUTHENTICATED", Fatal },
    };

    const ScardErrorEntry* findEntry(LONG code)
    {
        for (const auto& entry : SCARD_ERRORS) {
            if (entry.code == code) {
                return &entry;
            }
        }
        return nullptr;
    }

    // What throwScardError throws: the typed error of core/Error.hpp that the code's failure class
    // calls for, also carrying the code for scardCode().
    struct ScardCodeCarrier
    {
        LONG code;
    };

    template <typename Base> class ScardThrown final : public Base, public ScardCodeCarrier
    {
    public:
        template <typename... Args>
        explicit ScardThrown(LONG code, Args&&... args) :
            Base(std::forward<Args>(args)...), ScardCodeCarrier { code }
        {
        }
    };

} // namespace

std::string_view scardErrorName(LONG code)
{
    const auto* entry = findEntry(code);
    return entry ? entry->name : "SCARD_UNKNOWN";
}

ScardFailure scardFailure(LONG code)
{
    const auto* entry = findEntry(code);
    return entry ? entry->failure : Fatal;
}

std::string describeScardError(LONG code)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(code) & 0xFFFFFFFFUL);
    return std::string(scardErrorName(code)) + " (" + hex + ")";
}

std::optional<LONG> scardCode(const std::exception& error)
{
    // A cross-cast: the carrier is a second base of the thrown type.
    const auto* carrier = dynamic_cast<const ScardCodeCarrier*>(&error);
    return carrier ? std::optional(carrier->code) : std::nullopt;
}

void throwScardError(std::string_view function, LONG code)
{
    const auto message = std::string(function) + " failed: " + describeScardError(code);
    const nlohmann::json details = { { "scard", scardErrorName(code) } };
    switch (scardFailure(code)) {
    case Unavailable:
        throw ScardThrown<RetryableError>(code, ErrorCode::PCSC_UNAVAILABLE, message, details);
    case NoReaders:
    case TokenRemoved:
        throw ScardThrown<RetryableError>(code, ErrorCode::TOKEN_REMOVED, message, details);
    case Busy:
        throw ScardThrown<RetryableError>(code, ErrorCode::BUSY, message, details);
    case Fatal:
        break;
    }
    throw ScardThrown<FatalError>(code, message);
}

} // namespace tokenbridge::pcsc
