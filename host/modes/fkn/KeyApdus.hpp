#pragma once

#include "core/Apdu.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace tokenbridge::modes::fkn
{

// The token's key commands (docs/vtoken.md "On-card keys", docs/fkn.md "Wiring contract"), in
// the byte format libvtoken-pkcs11.so uses, so a key written by one path reads the same from the
// other. Object kinds and the public attribute tags Cx the PKCS#11 module assigns.
inline constexpr std::uint8_t KIND_KEY_PAIR = 0x01;
inline constexpr std::uint8_t KIND_DATA = 0x02;
inline constexpr std::uint8_t TAG_LABEL = 0xC1;
inline constexpr std::uint8_t TAG_ID = 0xC2; // CKA_ID
inline constexpr std::uint8_t TAG_VALUE = 0xC3; // certificate DER
inline constexpr std::uint8_t TAG_SUBJECT = 0xC4;
inline constexpr std::uint8_t TAG_ISSUER = 0xC5;
inline constexpr std::uint8_t TAG_SERIAL = 0xC6;
inline constexpr std::uint8_t TAG_CATEGORY = 0xC7;
inline constexpr std::uint8_t TAG_PUBLIC_GONE = 0xCF;
inline constexpr std::uint8_t TAG_FKN = 0x92; // 92 01 01: generated inside an FKN session
inline constexpr std::uint8_t ALG_GOST_256 = 0x01;
inline constexpr std::uint8_t ALG_GOST_512 = 0x02;

using Attributes = std::map<std::uint8_t, Bytes>;

// One entry of LIST OBJECTS (80 48 00 00).
struct ListedObject
{
    std::uint8_t ref = 0;
    std::uint8_t kind = 0;
    bool fkn = false;
};

// READ OBJECT (80 48 01 ref): public fields only.
struct CardObject
{
    std::uint8_t ref = 0;
    std::uint8_t kind = 0;
    bool fkn = false;
    std::uint8_t algorithm = 0;
    Bytes params, hashParams, publicKey; // DER OIDs; X_le || Y_le
    Attributes attributes;

    [[nodiscard]] Bytes attribute(std::uint8_t tag) const;
};

std::vector<ListedObject> parseObjectList(ByteView data);
CardObject parseObject(std::uint8_t ref, ByteView data);
// The reference GENERATE KEY PAIR / CREATE DATA OBJECT answer with (90 01 ref ...).
std::uint8_t parseNewReference(ByteView data);

CommandApdu listObjectsCommand();
CommandApdu readObjectCommand(std::uint8_t ref);
CommandApdu generateKeyPairCommand(
    std::uint8_t algorithm, ByteView paramsOid, ByteView hashOid, const Attributes& attributes);
CommandApdu createDataObjectCommand(const Attributes& attributes);
CommandApdu setAttributesCommand(std::uint8_t ref, const Attributes& attributes);
CommandApdu deleteObjectCommand(std::uint8_t ref);
CommandApdu selectSigningKeyCommand(std::uint8_t ref);
CommandApdu signDigestCommand(ByteView digest);
// 80 5D 00 ref, sent protected (8C 5D): "80 01 fkn 81 01 extractable".
CommandApdu keyAttributesCommand(std::uint8_t ref);

// Throws the typed error an inner status word of these commands means; returns on 9000.
void checkKeyStatus(std::uint16_t sw);

} // namespace tokenbridge::modes::fkn
