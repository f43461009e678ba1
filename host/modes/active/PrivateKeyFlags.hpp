#pragma once

#include "Pkcs11.hpp"
#include "modes/KeyStore.hpp"

namespace tokenbridge::modes::active
{

class Session;

// What the token says about whether a private key can leave it: CKA_EXTRACTABLE,
// CKA_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_ALWAYS_SENSITIVE (PKCS#11 2.40 §4.9), read from the
// key itself. An attribute the module does not report stays nullopt. Needs a logged-in session.
Pkcs11KeyAttributes readPrivateKeyFlags(Session& session, CK_OBJECT_HANDLE privateKey);

// Yes when the token lets the key out (CKA_EXTRACTABLE true: C_WrapKey exports it; CKA_SENSITIVE
// false: its value is read in clear); No when it says neither; Unknown when it does not say
// enough to tell (an attribute missing).
Extractable extractableOf(const Pkcs11KeyAttributes& attributes);

} // namespace tokenbridge::modes::active
