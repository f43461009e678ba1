#pragma once

#include "FknKeyStore.hpp"
#include "KeyApdus.hpp"

#include "modes/KeyStore.hpp"
#include "EngineTypes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::fkn
{

// SESPAKE with the user PIN and the secure channel it keys. A wrong PIN that was the last try is
// PIN_BLOCKED: the user now has to unblock, not retype.
SecureChannel openUserChannel(const Transmit& transmit, ByteView pin, const ScalarSource& scalars);
// The user PIN for SESPAKE; without one PIN_REQUIRED with the tries SESPAKE has left (C_1, which
// may be fewer than the PIN's own: docs/fkn.md), or PIN_BLOCKED when none are left.
ByteView requireUserPin(const Transmit& transmit, const security::PinBuffer* pin);
// The tries SESPAKE has left for the user PIN (START's status form); nullopt: the token does not
// say.
std::optional<int> userPinTriesLeft(const Transmit& transmit);

// The key commands of one operation on a card the caller holds: plain (listing needs no PIN),
// or, after openSession(), every command wrapped by the FKN secure channel of a SESPAKE run
// with the PIN. A channel failure becomes RetryableError(CARD_ERROR, reason "secure-channel").
class TokenKeys
{
public:
    explicit TokenKeys(Transmit transmit) : _transmit(std::move(transmit)) { }

    void openSession(ByteView pin, const ScalarSource& scalars);
    [[nodiscard]] bool inSession() const noexcept { return _channel.has_value(); }

    // Runs one command; the response data on 9000, else the typed error (checkKeyStatus).
    Bytes run(const CommandApdu& command);

    std::vector<CardObject> objects();
    // The token's own statement about a key pair (INS 5D), inside the session only.
    KeyAttributes attributesOf(const CardObject& key);
    // The key pair with this key id, or nullopt.
    std::optional<CardObject> keyPair(const std::string& keyId);
    // The FKN key pair with this key id, or nullopt: reads the objects LIST OBJECTS marks as FKN
    // keys first, the others only if none of them is the one (one APDU per object less).
    std::optional<CardObject> fknKeyPair(const std::string& keyId);
    // Certificates (data objects) stored for the key id.
    std::vector<CardObject> certificatesOf(const std::string& keyId);

private:
    Transmit _transmit;
    std::optional<SecureChannel> _channel;
};

// The key id of a key pair: its CKA_ID (tag C2) as the PKCS#11 module shows it, or, for a key
// without one, SHA-1 of the public key (what the active store assigns: keyIdFromSpki).
std::string keyIdOf(const CardObject& object);
crypto::KeyAlgorithm algorithmOf(const CardObject& object);
Bytes spkiOf(const CardObject& object);
bool sameKeyId(const std::string& a, const std::string& b);

// The KeyEntry of an FKN key pair with its first certificate; not extractable, from the object
// list's FKN marker.
modes::KeyEntry entryOf(const CardObject& key, const std::vector<CardObject>& objects);

} // namespace tokenbridge::modes::fkn
