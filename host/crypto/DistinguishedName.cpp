#include "DistinguishedName.hpp"

#include "Der.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace tokenbridge::crypto
{

namespace
{

    using namespace der::tag;

    // Order here is the order an object-form subject is emitted in (country first, as CAs do).
    constexpr NameAttributeType TYPES[] = {
        { "C", "2.5.4.6", PRINTABLE_STRING, 2 },
        { "ST", "2.5.4.8", UTF8_STRING, 0 },
        { "L", "2.5.4.7", UTF8_STRING, 0 },
        { "street", "2.5.4.9", UTF8_STRING, 0 },
        { "O", "2.5.4.10", UTF8_STRING, 0 },
        { "OU", "2.5.4.11", UTF8_STRING, 0 },
        { "title", "2.5.4.12", UTF8_STRING, 0 },
        { "SN", "2.5.4.4", UTF8_STRING, 0 },
        { "GN", "2.5.4.42", UTF8_STRING, 0 },
        { "CN", "2.5.4.3", UTF8_STRING, 0 },
        { "serialNumber", "2.5.4.5", PRINTABLE_STRING, 0 },
        { "emailAddress", "1.2.840.113549.1.9.1", IA5_STRING, 0 },
        { "OGRN", "1.2.643.100.1", NUMERIC_STRING, 13 },
        { "SNILS", "1.2.643.100.3", NUMERIC_STRING, 11 },
        { "INNLE", "1.2.643.100.4", NUMERIC_STRING, 10 },
        { "OGRNIP", "1.2.643.100.5", NUMERIC_STRING, 15 },
        { "INN", "1.2.643.3.131.1.1", NUMERIC_STRING, 12 },
    };

    [[noreturn]] void invalid(const std::string& what)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, "subject: " + what);
    }

    bool isDottedOid(std::string_view key)
    {
        return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.';
        });
    }

    Bytes attribute(std::string_view key, const nlohmann::json& value)
    {
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
            invalid(std::string(key) + " must be a non-empty string");
        }
        const auto& text = value.get_ref<const std::string&>();
        const NameAttributeType* type = findNameAttributeByKey(key);
        if (type == nullptr && !isDottedOid(key)) {
            invalid("unknown attribute " + std::string(key));
        }
        const std::string_view oidText = type != nullptr ? type->oid : key;
        const std::uint8_t stringTag = type != nullptr ? type->stringTag : UTF8_STRING;
        if (type != nullptr && type->fixedLength != 0 && text.size() != type->fixedLength) {
            invalid(std::string(key) + " must have " + std::to_string(type->fixedLength)
                + " characters");
        }
        if (stringTag == NUMERIC_STRING && !std::all_of(text.begin(), text.end(), [](char c) {
                return c >= '0' && c <= '9';
            })) {
            invalid(std::string(key) + " must contain digits only");
        }
        const bool ascii = std::all_of(
            text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if ((stringTag == PRINTABLE_STRING || stringTag == IA5_STRING) && !ascii) {
            invalid(std::string(key) + " must be ASCII");
        }
        const Bytes typeAndValue =
            der::sequence({ der::oid(oidText), der::string(stringTag, text) });
        return der::setOf({ typeAndValue });
    }

} // namespace

std::span<const NameAttributeType> nameAttributeTypes()
{
    return TYPES;
}

const NameAttributeType* findNameAttributeByKey(std::string_view key)
{
    for (const auto& type : TYPES) {
        if (type.key == key) {
            return &type;
        }
    }
    return nullptr;
}

const NameAttributeType* findNameAttributeByOid(std::string_view oid)
{
    for (const auto& type : TYPES) {
        if (type.oid == oid) {
            return &type;
        }
    }
    return nullptr;
}

Bytes buildName(const nlohmann::json& subject)
{
    std::vector<Bytes> rdns;
    if (subject.is_array()) {
        for (const auto& entry : subject) {
            if (!entry.is_object() || !entry.contains("type") || !entry["type"].is_string()
                || !entry.contains("value")) {
                invalid("array entries must be {\"type\", \"value\"}");
            }
            rdns.push_back(attribute(entry["type"].get<std::string>(), entry["value"]));
        }
    } else if (subject.is_object()) {
        for (const auto& type : TYPES) {
            const auto it = subject.find(std::string(type.key));
            if (it != subject.end()) {
                rdns.push_back(attribute(type.key, *it));
            }
        }
        for (const auto& [key, value] : subject.items()) {
            if (findNameAttributeByKey(key) == nullptr) {
                rdns.push_back(attribute(key, value));
            }
        }
    } else {
        invalid("must be an object or an array");
    }
    if (rdns.empty()) {
        invalid("is empty");
    }
    return der::sequence(rdns);
}

} // namespace tokenbridge::crypto
