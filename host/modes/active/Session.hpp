#pragma once

#include "AttributeTemplate.hpp"
#include "Pkcs11.hpp"
#include "core/Bytes.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace tokenbridge::modes::active
{

class Pkcs11Module;

// One Cryptoki session (C_OpenSession / C_CloseSession). Keeps its module loaded. Not
// thread-safe: one request uses a session at a time.
class Session
{
public:
    Session(std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, bool readWrite = true);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    [[nodiscard]] CK_SESSION_HANDLE handle() const noexcept { return _handle; }
    [[nodiscard]] CK_FUNCTION_LIST* api() const noexcept;
    [[nodiscard]] CK_SLOT_ID slot() const noexcept { return _slot; }
    [[nodiscard]] const Pkcs11Module& module() const noexcept { return *_module; }
    [[nodiscard]] CK_FLAGS tokenFlags() const;

    std::vector<CK_OBJECT_HANDLE> findObjects(AttributeTemplate& filter);
    // nullopt when the object has no such attribute, or it is sensitive/unextractable (the
    // caller decides whether that is an error); other failures throw.
    std::optional<Bytes> attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    Bytes requireAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    std::optional<CK_ULONG> ulongAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    std::optional<bool> boolAttribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    void setAttributes(CK_OBJECT_HANDLE object, AttributeTemplate& values);
    CK_OBJECT_HANDLE createObject(AttributeTemplate& values);
    void destroyObject(CK_OBJECT_HANDLE object);
    // C_SignInit + C_Sign (output size queried first).
    Bytes sign(CK_MECHANISM_TYPE mechanism, CK_OBJECT_HANDLE key, ByteView data);

private:
    std::shared_ptr<Pkcs11Module> _module;
    CK_SLOT_ID _slot;
    CK_SESSION_HANDLE _handle = CK_INVALID_HANDLE;
};

// C_Login for the lifetime of the object, C_Logout after (unless the token was already logged
// in by another session of this application: then the login is not ours to end). The PIN is
// borrowed only for the call. A wrong PIN gives UserActionError(PIN_INCORRECT) with what the
// token flags tell about the remaining tries.
class Login
{
public:
    Login(Session& session, PinView pin, CK_USER_TYPE user = CKU_USER);
    ~Login();
    Login(const Login&) = delete;
    Login& operator=(const Login&) = delete;

private:
    Session& _session;
    bool _owned = false;
};

} // namespace tokenbridge::modes::active
