#pragma once

#include "core/Bytes.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string_view>

namespace tokenbridge::crypto
{

// Subject/issuer attribute types we name, with the ASN.1 string type used when building them
// (RFC 9215 §5.1 for the Russian identifiers: NumericString of a fixed length).
struct NameAttributeType
{
    std::string_view key; // JSON key: "CN", "SNILS", ...
    std::string_view oid;
    std::uint8_t stringTag; // der::tag::UTF8_STRING, PRINTABLE_STRING, NUMERIC_STRING, IA5_STRING
    std::size_t fixedLength; // 0 = any
};

std::span<const NameAttributeType> nameAttributeTypes();
const NameAttributeType* findNameAttributeByKey(std::string_view key);
const NameAttributeType* findNameAttributeByOid(std::string_view oid);

// Builds a DER Name (one attribute per RDN). `subject` is either an object {"CN": "...",
// "SNILS": "12345678901", "2.5.4.12": "..."} (emitted in the table order, then dotted OIDs) or an
// array [{"type": "CN", "value": "..."}, ...] (emitted in the given order). Unknown keys, wrong
// lengths and non-digits in numeric identifiers are RequestErrors.
Bytes buildName(const nlohmann::json& subject);

} // namespace tokenbridge::crypto
