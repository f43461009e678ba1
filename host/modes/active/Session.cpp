#include "Session.hpp"

#include "CkrError.hpp"
#include "Pkcs11Module.hpp"
#include "SlotToken.hpp"
#include "core/Error.hpp"

#include <cstdio>
#include <cstring>

namespace tokenbridge::modes::active
{

Session::Session(std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, bool readWrite) :
    _module(std::move(module)), _slot(slot)
{
    const CK_FLAGS flags = CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0);
    checkCkr("C_OpenSession", api()->C_OpenSession(_slot, flags, nullptr, nullptr, &_handle));
}

Session::~Session()
{
    api()->C_CloseSession(_handle);
}

CK_FUNCTION_LIST* Session::api() const noexcept
{
    return _module->api();
}

CK_FLAGS Session::tokenFlags() const
{
    CK_TOKEN_INFO info {};
    checkCkr("C_GetTokenInfo", api()->C_GetTokenInfo(_slot, &info));
    return info.flags;
}

std::vector<CK_OBJECT_HANDLE> Session::findObjects(AttributeTemplate& filter)
{
    checkCkr("C_FindObjectsInit", api()->C_FindObjectsInit(_handle, filter.data(), filter.size()));
    std::vector<CK_OBJECT_HANDLE> result;
    CK_RV rv = CKR_OK;
    for (;;) {
        CK_OBJECT_HANDLE batch[32];
        CK_ULONG count = 0;
        rv = api()->C_FindObjects(_handle, batch, std::size(batch), &count);
        if (rv != CKR_OK || count == 0) {
            break;
        }
        result.insert(result.end(), batch, batch + count);
    }
    // Always end the operation, even after a failed C_FindObjects, so the session stays usable.
    const CK_RV finalRv = api()->C_FindObjectsFinal(_handle);
    checkCkr("C_FindObjects", rv);
    checkCkr("C_FindObjectsFinal", finalRv);
    return result;
}

std::optional<Bytes> Session::attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    CK_ATTRIBUTE probe { type, nullptr, 0 };
    CK_RV rv = api()->C_GetAttributeValue(_handle, object, &probe, 1);
    const auto absent = [](CK_RV code) {
        return code == CKR_ATTRIBUTE_SENSITIVE || code == CKR_ATTRIBUTE_TYPE_INVALID;
    };
    if (absent(rv)) {
        return std::nullopt;
    }
    checkCkr("C_GetAttributeValue", rv);
    if (probe.ulValueLen == CK_UNAVAILABLE_INFORMATION) {
        return std::nullopt;
    }
    Bytes value(probe.ulValueLen);
    probe.pValue = value.data();
    rv = api()->C_GetAttributeValue(_handle, object, &probe, 1);
    if (absent(rv)) {
        return std::nullopt;
    }
    checkCkr("C_GetAttributeValue", rv);
    value.resize(probe.ulValueLen);
    return value;
}

Bytes Session::requireAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    auto value = attribute(object, type);
    if (!value) {
        throw FatalError("token object lacks required attribute 0x" + [type] {
            char hex[20];
            std::snprintf(hex, sizeof hex, "%lX", type);
            return std::string(hex);
        }());
    }
    return std::move(*value);
}

std::optional<CK_ULONG> Session::ulongAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    const auto value = attribute(object, type);
    if (!value || value->size() != sizeof(CK_ULONG)) {
        return std::nullopt;
    }
    CK_ULONG result = 0;
    std::memcpy(&result, value->data(), sizeof result);
    return result;
}

std::optional<bool> Session::boolAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    const auto value = attribute(object, type);
    if (!value || value->size() != sizeof(CK_BBOOL)) {
        return std::nullopt;
    }
    return (*value)[0] != CK_FALSE;
}

void Session::setAttributes(CK_OBJECT_HANDLE object, AttributeTemplate& values)
{
    checkCkr("C_SetAttributeValue",
        api()->C_SetAttributeValue(_handle, object, values.data(), values.size()));
}

CK_OBJECT_HANDLE Session::createObject(AttributeTemplate& values)
{
    CK_OBJECT_HANDLE object = CK_INVALID_HANDLE;
    checkCkr(
        "C_CreateObject", api()->C_CreateObject(_handle, values.data(), values.size(), &object));
    return object;
}

void Session::destroyObject(CK_OBJECT_HANDLE object)
{
    checkCkr("C_DestroyObject", api()->C_DestroyObject(_handle, object));
}

Bytes Session::sign(CK_MECHANISM_TYPE mechanism, CK_OBJECT_HANDLE key, ByteView data)
{
    CK_MECHANISM mech { mechanism, nullptr, 0 };
    checkCkr("C_SignInit", api()->C_SignInit(_handle, &mech, key));
    // Cryptoki takes non-const input pointers; the data is not modified.
    auto* input = const_cast<CK_BYTE*>(data.data());
    CK_ULONG size = 0;
    checkCkr("C_Sign", api()->C_Sign(_handle, input, data.size(), nullptr, &size));
    Bytes signature(size);
    checkCkr("C_Sign", api()->C_Sign(_handle, input, data.size(), signature.data(), &size));
    signature.resize(size);
    return signature;
}

Login::Login(Session& session, PinView pin, CK_USER_TYPE user) : _session(session)
{
    auto* pinBytes = const_cast<CK_UTF8CHAR*>(pin.data());
    const CK_RV rv = session.api()->C_Login(session.handle(), user, pinBytes, pin.size());
    if (rv == CKR_USER_ALREADY_LOGGED_IN) {
        return;
    }
    if (rv == CKR_PIN_INCORRECT) {
        nlohmann::json details = nlohmann::json::object();
        try {
            details = userPinDetails(session.tokenFlags());
        } catch (const Error&) {
            // The PIN failure is what matters; missing try counts are fine.
        }
        throwCkr("C_Login", rv, std::move(details));
    }
    checkCkr("C_Login", rv);
    _owned = true;
}

Login::~Login()
{
    if (_owned) {
        _session.api()->C_Logout(_session.handle());
    }
}

} // namespace tokenbridge::modes::active
