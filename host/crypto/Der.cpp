#include "Der.hpp"

#include "core/Error.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace tokenbridge::crypto::der
{

namespace
{

    [[noreturn]] void malformed(const char* what)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, std::string("malformed DER: ") + what);
    }

    void appendLength(Bytes& out, std::size_t length)
    {
        if (length < 0x80) {
            out.push_back(static_cast<std::uint8_t>(length));
            return;
        }
        Bytes digits;
        for (auto value = length; value != 0; value >>= 8) {
            digits.insert(digits.begin(), static_cast<std::uint8_t>(value & 0xff));
        }
        out.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
        out.insert(out.end(), digits.begin(), digits.end());
    }

    void appendBase128(Bytes& out, std::uint64_t value)
    {
        Bytes digits { static_cast<std::uint8_t>(value & 0x7f) };
        for (value >>= 7; value != 0; value >>= 7) {
            digits.insert(digits.begin(), static_cast<std::uint8_t>(0x80 | (value & 0x7f)));
        }
        out.insert(out.end(), digits.begin(), digits.end());
    }

} // namespace

Bytes tlv(std::uint8_t tag, ByteView content)
{
    Bytes out { tag };
    appendLength(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

Bytes concat(const std::vector<Bytes>& parts)
{
    Bytes out;
    for (const auto& part : parts) {
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

Bytes sequence(const std::vector<Bytes>& elements)
{
    return tlv(tag::SEQUENCE, concat(elements));
}

Bytes setOfTagged(std::uint8_t tagByte, std::vector<Bytes> elements)
{
    // Lexicographic byte order; a proper prefix sorts first, which matches X.690's
    // "pad the shorter with trailing zero octets" for distinct DER encodings.
    std::sort(elements.begin(), elements.end());
    return tlv(tagByte, concat(elements));
}

Bytes setOf(std::vector<Bytes> elements)
{
    return setOfTagged(tag::SET, std::move(elements));
}

Bytes oid(std::string_view dotted)
{
    std::vector<std::uint64_t> arcs;
    std::size_t start = 0;
    while (start <= dotted.size()) {
        const auto dot = std::min(dotted.find('.', start), dotted.size());
        std::uint64_t arc = 0;
        const auto* first = dotted.data() + start;
        const auto* last = dotted.data() + dot;
        const auto [ptr, ec] = std::from_chars(first, last, arc);
        if (ec != std::errc {} || ptr != last || first == last) {
            throw RequestError(ErrorCode::INVALID_PARAMS, "invalid OID: " + std::string(dotted));
        }
        arcs.push_back(arc);
        start = dot + 1;
    }
    if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "invalid OID: " + std::string(dotted));
    }
    Bytes content;
    appendBase128(content, arcs[0] * 40 + arcs[1]);
    for (std::size_t i = 2; i < arcs.size(); ++i) {
        appendBase128(content, arcs[i]);
    }
    return tlv(tag::OID, content);
}

std::string oidToString(ByteView content)
{
    std::string out;
    std::uint64_t value = 0;
    bool first = true;
    for (std::size_t i = 0; i < content.size(); ++i) {
        value = value << 7 | (content[i] & 0x7f);
        if (content[i] & 0x80) {
            continue;
        }
        if (first) {
            const std::uint64_t top = value < 80 ? value / 40 : 2;
            out = std::to_string(top) + "." + std::to_string(value - top * 40);
            first = false;
        } else {
            out += "." + std::to_string(value);
        }
        value = 0;
    }
    if (first || (!content.empty() && (content.back() & 0x80))) {
        malformed("OID");
    }
    return out;
}

Bytes null()
{
    return { tag::NULL_, 0x00 };
}

Bytes boolean(bool value)
{
    return { tag::BOOLEAN, 0x01, static_cast<std::uint8_t>(value ? 0xff : 0x00) };
}

Bytes integer(unsigned long value)
{
    Bytes bigEndian;
    do {
        bigEndian.insert(bigEndian.begin(), static_cast<std::uint8_t>(value & 0xff));
        value >>= 8;
    } while (value != 0);
    return integerUnsigned(bigEndian);
}

Bytes integerUnsigned(ByteView bigEndian)
{
    std::size_t skip = 0;
    while (skip + 1 < bigEndian.size() && bigEndian[skip] == 0) {
        ++skip;
    }
    Bytes content(bigEndian.begin() + static_cast<std::ptrdiff_t>(skip), bigEndian.end());
    if (content.empty() || content[0] & 0x80) {
        content.insert(content.begin(), 0x00);
    }
    return tlv(tag::INTEGER, content);
}

Bytes octetString(ByteView content)
{
    return tlv(tag::OCTET_STRING, content);
}

Bytes bitString(ByteView content, unsigned unusedBits)
{
    Bytes value { static_cast<std::uint8_t>(unusedBits) };
    value.insert(value.end(), content.begin(), content.end());
    return tlv(tag::BIT_STRING, value);
}

Bytes string(std::uint8_t tagByte, std::string_view text)
{
    return tlv(tagByte, asBytes(text));
}

Bytes time(std::time_t when)
{
    std::tm utc {};
    gmtime_r(&when, &utc);
    const int year = utc.tm_year + 1900;
    char text[32];
    if (year < 2050) {
        std::strftime(text, sizeof text, "%y%m%d%H%M%SZ", &utc);
        return string(tag::UTC_TIME, text);
    }
    std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &utc);
    return string(tag::GENERALIZED_TIME, text);
}

Bytes algorithm(std::string_view dottedOid, bool nullParameters)
{
    if (nullParameters) {
        return sequence({ oid(dottedOid), null() });
    }
    return sequence({ oid(dottedOid) });
}

std::uint8_t Reader::peekTag() const
{
    if (atEnd()) {
        malformed("unexpected end");
    }
    return _data[_offset];
}

Element Reader::next()
{
    const std::size_t start = _offset;
    if (_data.size() - start < 2) {
        malformed("truncated header");
    }
    const std::uint8_t tagByte = _data[start];
    if ((tagByte & 0x1f) == 0x1f) {
        malformed("multi-byte tag");
    }
    std::size_t pos = start + 1;
    std::size_t length = _data[pos++];
    if (length == 0x80) {
        malformed("indefinite length");
    }
    if (length > 0x80) {
        const std::size_t count = length & 0x7f;
        if (count > 4 || _data.size() - pos < count) {
            malformed("length");
        }
        length = 0;
        for (std::size_t i = 0; i < count; ++i) {
            length = length << 8 | _data[pos++];
        }
    }
    if (_data.size() - pos < length) {
        malformed("value runs past the end");
    }
    _offset = pos + length;
    return { tagByte, _data.subspan(pos, length), _data.subspan(start, _offset - start) };
}

Element Reader::expect(std::uint8_t tagByte)
{
    const Element element = next();
    if (element.tag != tagByte) {
        malformed("unexpected tag");
    }
    return element;
}

bool Reader::nextIf(std::uint8_t tagByte, Element& out)
{
    if (atEnd() || peekTag() != tagByte) {
        return false;
    }
    out = next();
    return true;
}

Element parseSingle(ByteView data)
{
    Reader reader(data);
    const Element element = reader.next();
    if (!reader.atEnd()) {
        malformed("trailing data");
    }
    return element;
}

} // namespace tokenbridge::crypto::der
