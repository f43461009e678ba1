#pragma once

// Minimal DER (X.690) encoder and a definite-length TLV reader: enough to build CMS, PKCS#10 and
// PKCS#8 structures byte-exactly and to pick fields out of certificates and SignedData.

#include "core/Bytes.hpp"

#include <cstdint>
#include <ctime>
#include <string_view>
#include <vector>

namespace tokenbridge::crypto::der
{

namespace tag
{
    inline constexpr std::uint8_t BOOLEAN = 0x01;
    inline constexpr std::uint8_t INTEGER = 0x02;
    inline constexpr std::uint8_t BIT_STRING = 0x03;
    inline constexpr std::uint8_t OCTET_STRING = 0x04;
    inline constexpr std::uint8_t NULL_ = 0x05;
    inline constexpr std::uint8_t OID = 0x06;
    inline constexpr std::uint8_t UTF8_STRING = 0x0c;
    inline constexpr std::uint8_t NUMERIC_STRING = 0x12;
    inline constexpr std::uint8_t PRINTABLE_STRING = 0x13;
    inline constexpr std::uint8_t IA5_STRING = 0x16;
    inline constexpr std::uint8_t UTC_TIME = 0x17;
    inline constexpr std::uint8_t GENERALIZED_TIME = 0x18;
    inline constexpr std::uint8_t SEQUENCE = 0x30;
    inline constexpr std::uint8_t SET = 0x31;
    inline constexpr std::uint8_t contextConstructed(unsigned n)
    {
        return static_cast<std::uint8_t>(0xa0 | n);
    }
    inline constexpr std::uint8_t contextPrimitive(unsigned n)
    {
        return static_cast<std::uint8_t>(0x80 | n);
    }
} // namespace tag

Bytes tlv(std::uint8_t tag, ByteView content);
Bytes sequence(const std::vector<Bytes>& elements);
// DER SET OF: elements sorted by their encodings (X.690 §11.6).
Bytes setOf(std::vector<Bytes> elements);
// Same sorting, with another tag (e.g. [0] IMPLICIT SET OF).
Bytes setOfTagged(std::uint8_t tag, std::vector<Bytes> elements);
Bytes concat(const std::vector<Bytes>& parts);
Bytes oid(std::string_view dotted);
Bytes null();
Bytes boolean(bool value);
Bytes integer(unsigned long value);
// Unsigned big-endian magnitude -> INTEGER (adds the 0x00 sign byte when needed).
Bytes integerUnsigned(ByteView bigEndian);
Bytes octetString(ByteView content);
Bytes bitString(ByteView content, unsigned unusedBits = 0);
Bytes string(std::uint8_t tag, std::string_view text);
// UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
Bytes time(std::time_t when);
// AlgorithmIdentifier with parameters absent or NULL.
Bytes algorithm(std::string_view dottedOid, bool nullParameters);

// Decoded OID (dotted text) from the content octets of an OID element.
std::string oidToString(ByteView content);

struct Element
{
    std::uint8_t tag = 0;
    ByteView content; // value octets
    ByteView encoded; // the whole TLV
};

// Walks the elements of a constructed value in order. Rejects indefinite lengths, multi-byte tags
// and lengths that run past the input (RequestError).
class Reader
{
public:
    explicit Reader(ByteView data) : _data(data) { }
    [[nodiscard]] bool atEnd() const noexcept { return _offset >= _data.size(); }
    [[nodiscard]] std::uint8_t peekTag() const;
    Element next();
    // next() and require a tag.
    Element expect(std::uint8_t tag);
    // Returns the element only if the next tag matches.
    bool nextIf(std::uint8_t tag, Element& out);

private:
    ByteView _data;
    std::size_t _offset = 0;
};

// Parses exactly one element spanning all of `data`.
Element parseSingle(ByteView data);

} // namespace tokenbridge::crypto::der
