#pragma once

#include "Pkcs11.hpp"
#include "TokenLocator.hpp"

#include "security/PinPolicy.hpp"

namespace tokenbridge::modes::active
{

// The token's PINs through its PKCS#11 module, with the standard calls only (PKCS#11 v2.40
// §5.6), so Aktiv's rtpkcs11ecp serves them as libvtoken-pkcs11 does. A PIN error says nothing
// of the tries left (Cryptoki gives no count): the caller adds the card's.

// ulMinPinLen / ulMaxPinLen of C_GetTokenInfo; Rutoken's factory policy where the module
// reports none.
security::PinPolicy pinPolicy(const TokenLocation& location);

// C_SetPIN in a read-write session: the user's PIN without a login; the admin's (CKU_SO) after
// C_Login(CKU_SO) with the current one.
void changePin(const TokenLocation& location, CK_USER_TYPE user, PinView current, PinView next);

// C_Login(CKU_SO) + C_InitPIN: a new user PIN with a fresh try counter.
void initUserPin(const TokenLocation& location, PinView adminPin, PinView userPin);

} // namespace tokenbridge::modes::active
