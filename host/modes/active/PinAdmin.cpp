#include "PinAdmin.hpp"

#include "CkrError.hpp"
#include "Pkcs11Module.hpp"
#include "Session.hpp"
#include "SlotToken.hpp"

#include "core/Error.hpp"

namespace tokenbridge::modes::active
{

namespace
{

    // Cryptoki takes the PIN as a non-const pointer; it only reads it.
    CK_UTF8CHAR* pinPointer(PinView pin)
    {
        return const_cast<CK_UTF8CHAR*>(pin.data());
    }

    // Login's details describe the user PIN (CKF_USER_PIN_*): wrong for the admin's, so they
    // are left to the caller, which reads the card's counter of the PIN concerned.
    struct AdminLogin
    {
        AdminLogin(Session& session, PinView pin) : login(makeLogin(session, pin)) { }
        static Login makeLogin(Session& session, PinView pin)
        {
            try {
                return Login(session, pin, CKU_SO);
            } catch (const UserActionError& error) {
                throw UserActionError(error.code(), error.what());
            }
        }
        Login login;
    };

} // namespace

security::PinPolicy pinPolicy(const TokenLocation& location)
{
    const auto token = describeSlot(*location.module, location.slot);
    // Some modules report 0 or CK_UNAVAILABLE_INFORMATION (~0): not a policy.
    const auto usable = [](CK_ULONG value) { return value != 0 && value < 256; };
    if (!usable(token.minPinLength) || !usable(token.maxPinLength)
        || token.minPinLength > token.maxPinLength) {
        return security::RUTOKEN_PIN_POLICY;
    }
    return { token.minPinLength, token.maxPinLength };
}

void changePin(const TokenLocation& location, CK_USER_TYPE user, PinView current, PinView next)
{
    Session session(location.module, location.slot);
    const auto set = [&] {
        checkCkr("C_SetPIN",
            session.api()->C_SetPIN(session.handle(), pinPointer(current), current.size(),
                pinPointer(next), next.size()));
    };
    if (user == CKU_SO) {
        AdminLogin login(session, current);
        set();
        return;
    }
    set();
}

void initUserPin(const TokenLocation& location, PinView adminPin, PinView userPin)
{
    Session session(location.module, location.slot);
    AdminLogin login(session, adminPin);
    checkCkr("C_InitPIN",
        session.api()->C_InitPIN(session.handle(), pinPointer(userPin), userPin.size()));
}

} // namespace tokenbridge::modes::active
