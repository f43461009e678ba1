#include "Session.hpp"

namespace tokenbridge::vtoken
{

bool Session::allows(uint8_t accessCondition) const
{
    switch (accessCondition) {
    case AC_ALWAYS:
        return true;
    case AC_ADMIN:
        return adminVerified;
    case AC_USER:
        return userAuthenticated();
    default:
        return false;
    }
}

} // namespace tokenbridge::vtoken
