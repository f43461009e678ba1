#pragma once

#include "KeyPairs.hpp"
#include "Pkcs11.hpp"

#include "crypto/KeyAgreement.hpp"

namespace tokenbridge::modes::active
{

class Session;

// Aktiv's / TC26's KEG mechanism (vendor block 0xD4321000 | 0x039; not in p11-kit's pkcs11x.h).
inline constexpr CK_MECHANISM_TYPE CKM_GOST_KEG = 0xD4321039UL;

// crypto::KeyAgreement over a token key, with standard Cryptoki calls only: C_DeriveKey with
// CKM_GOST_KEG and CK_ECDH1_DERIVE_PARAMS { CKD_NULL, UKM as the shared data, the ephemeral key's
// X_le || Y_le as the public data } into a session secret key that is neither sensitive nor token
// (so its CKA_VALUE, the 64-byte KEG, may be read), read, and destroyed at once. The private key
// never leaves the token. The session must stay open and logged in while this is used.
class Pkcs11KeyAgreement final : public crypto::KeyAgreement
{
public:
    Pkcs11KeyAgreement(Session& session, KeyPair key);

    [[nodiscard]] crypto::KeyAlgorithm algorithm() const override { return _key.algorithm; }
    crypto::SecureBuffer keg(ByteView ephemeralSpki, ByteView ukm) override;

private:
    Session& _session;
    KeyPair _key;
};

} // namespace tokenbridge::modes::active
