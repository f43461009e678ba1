#pragma once

#include "KeyPairs.hpp"
#include "crypto/Signer.hpp"

namespace tokenbridge::modes::active
{

class Session;

// crypto::Signer over a token key: the host hashes, the token signs the digest with the raw
// mechanism of the key's algorithm (KeyTemplates.hpp), the result is re-encoded for X.509/CMS
// (SignatureFormat.hpp). The private key never leaves the token. The session must stay open and
// logged in while the signer is used.
class Pkcs11Signer final : public crypto::Signer
{
public:
    // FatalError if the pair has no public key (the CMS/CSR builders need it).
    Pkcs11Signer(Session& session, KeyPair key);

    [[nodiscard]] crypto::KeyAlgorithm algorithm() const override { return _key.algorithm; }
    [[nodiscard]] Bytes publicKeySpki() const override { return _key.spki; }
    Bytes signDigest(ByteView digest) override;
    [[nodiscard]] const KeyPair& key() const noexcept { return _key; }

private:
    Session& _session;
    KeyPair _key;
};

} // namespace tokenbridge::modes::active
