#pragma once

#include "core/Bytes.hpp"

#include "Cryptoki.hpp"

#include <map>
#include <optional>

namespace tokenbridge::vtoken::pkcs11
{

// Card object kinds and attribute tags of docs/vtoken.md "On-card keys".
inline constexpr uint8_t KIND_KEY_PAIR = 0x01;
inline constexpr uint8_t KIND_DATA = 0x02;
inline constexpr uint8_t TAG_LABEL = 0xC1;
inline constexpr uint8_t TAG_ID = 0xC2;
inline constexpr uint8_t TAG_VALUE = 0xC3;
inline constexpr uint8_t TAG_SUBJECT = 0xC4;
inline constexpr uint8_t TAG_ISSUER = 0xC5;
inline constexpr uint8_t TAG_SERIAL = 0xC6;
inline constexpr uint8_t TAG_CATEGORY = 0xC7;
// A data object's PKCS#11 class: 00 CKO_DATA; without it a data object is a certificate.
inline constexpr uint8_t TAG_CLASS = 0xC8;
inline constexpr uint8_t TAG_APPLICATION = 0xC9;
inline constexpr uint8_t TAG_OBJECT_ID = 0xCA;
inline constexpr uint8_t TAG_PUBLIC_GONE = 0xCF; // the public half was destroyed
inline constexpr uint8_t CLASS_DATA = 0x00;
// Not a Cx field: CREATE DATA OBJECT's mark of a private object (docs/vtoken.md).
inline constexpr uint8_t TAG_PRIVATE = 0x93;

// Which PKCS#11 object of a card object a handle names.
enum class Part : uint8_t { PublicKey = 0, PrivateKey = 1, Certificate = 2, Data = 3 };

// One object as READ OBJECT returns it (only public fields exist on this side).
struct CardObject
{
    uint8_t ref = 0;
    uint8_t kind = 0;
    uint8_t algorithm = 0; // 01 GOST 256, 02 GOST 512
    // An FKN key (92 01 01, docs/fkn.md §2): the card signs with it and deletes it only inside
    // an FKN session, which this module cannot open.
    bool fkn = false;
    // A private data object (93 01 01): the card lists and reads it only after VERIFY.
    bool isPrivate = false;
    Bytes params, hashParams, publicKey;
    std::map<uint8_t, Bytes> attributes; // tags Cx

    static CardObject parse(uint8_t ref, const Bytes& readObjectResponse);
    std::vector<Part> parts() const;
};

// Attribute values of one PKCS#11 object, encoded as Cryptoki does (CK_ULONG native, CK_BBOOL
// one byte). The private key's secret attributes are listed in `sensitive` and never have a
// value here: the module does not have one.
struct AttributeSet
{
    std::map<CK_ATTRIBUTE_TYPE, Bytes> values;
    std::vector<CK_ATTRIBUTE_TYPE> sensitive;
};

AttributeSet attributesOf(const CardObject& object, Part part);

CK_KEY_TYPE keyTypeOf(uint8_t algorithm);
CK_MECHANISM_TYPE signMechanismOf(uint8_t algorithm);

Bytes ulongBytes(CK_ULONG value);
Bytes boolBytes(bool value);

} // namespace tokenbridge::vtoken::pkcs11
