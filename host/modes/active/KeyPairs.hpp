#pragma once

#include "KeyTemplates.hpp"
#include "Pkcs11.hpp"
#include "core/Bytes.hpp"
#include "crypto/KeyAlgorithm.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::active
{

class Session;

// A private key on the token and what belongs to it by CKA_ID (or, listed without a login, a
// public key alone: privateKey CK_INVALID_HANDLE).
struct KeyPair
{
    Bytes id;
    std::string label;
    crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::Gost2012_256;
    std::string paramSetOid; // GOST CKA_GOSTR3410_PARAMS; empty otherwise
    CK_OBJECT_HANDLE privateKey = CK_INVALID_HANDLE;
    std::optional<CK_OBJECT_HANDLE> publicKey;
    Bytes spki; // empty when the token exposes no public key for it
};

// Private keys of algorithms we handle (others are skipped), each with its public key. Needs a
// logged-in session (private keys are private objects).
std::vector<KeyPair> listKeyPairs(Session& session);
// The public keys of those algorithms, without their private keys: what a session without a
// login sees (private keys are private objects). Keys whose public key cannot be read are skipped.
std::vector<KeyPair> listPublicKeys(Session& session);
std::optional<KeyPair> findKeyPair(Session& session, ByteView id);
// The key pair whose public key is `spki` (compared by key bits).
std::optional<KeyPair> findKeyPairBySpki(Session& session, ByteView spki);

// Generates a non-extractable key pair on the token (KeyTemplates.hpp), reads the public key
// back and sets CKA_ID = crypto::keyIdFromSpki() on both halves. A mechanism the token lacks (GOST
// on SoftHSM) is UserActionError(MODE_NOT_SUPPORTED). Needs a logged-in R/W session.
KeyPair generateKeyPair(Session& session, const KeyGenSpec& spec);

// Destroys the private key, public key and certificates with this CKA_ID. KEY_NOT_FOUND if there
// is no such private key.
void destroyKeyPair(Session& session, ByteView id);

} // namespace tokenbridge::modes::active
