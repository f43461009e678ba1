#include "PrivateKeyFlags.hpp"

#include "Session.hpp"

namespace tokenbridge::modes::active
{

Pkcs11KeyAttributes readPrivateKeyFlags(Session& session, CK_OBJECT_HANDLE privateKey)
{
    Pkcs11KeyAttributes flags;
    flags.extractable = session.boolAttribute(privateKey, CKA_EXTRACTABLE);
    flags.sensitive = session.boolAttribute(privateKey, CKA_SENSITIVE);
    flags.neverExtractable = session.boolAttribute(privateKey, CKA_NEVER_EXTRACTABLE);
    flags.alwaysSensitive = session.boolAttribute(privateKey, CKA_ALWAYS_SENSITIVE);
    return flags;
}

Extractable extractableOf(const Pkcs11KeyAttributes& attributes)
{
    // Either way out is enough; only both closed keep the key inside.
    if (attributes.extractable == true || attributes.sensitive == false) {
        return Extractable::Yes;
    }
    if (attributes.extractable == false && attributes.sensitive == true) {
        return Extractable::No;
    }
    return Extractable::Unknown;
}

} // namespace tokenbridge::modes::active
