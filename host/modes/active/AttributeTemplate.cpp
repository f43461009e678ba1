#include "AttributeTemplate.hpp"

#include <cstring>

namespace tokenbridge::modes::active
{

AttributeTemplate& AttributeTemplate::add(CK_ATTRIBUTE_TYPE type, ByteView value)
{
    _values.emplace_back(type, Bytes(value.begin(), value.end()));
    return *this;
}

AttributeTemplate& AttributeTemplate::addBool(CK_ATTRIBUTE_TYPE type, bool value)
{
    const CK_BBOOL flag = value ? CK_TRUE : CK_FALSE;
    return add(type, { &flag, sizeof flag });
}

AttributeTemplate& AttributeTemplate::addUlong(CK_ATTRIBUTE_TYPE type, CK_ULONG value)
{
    Bytes bytes(sizeof value);
    std::memcpy(bytes.data(), &value, sizeof value);
    _values.emplace_back(type, std::move(bytes));
    return *this;
}

AttributeTemplate& AttributeTemplate::addText(CK_ATTRIBUTE_TYPE type, std::string_view value)
{
    return add(type, asBytes(value));
}

CK_ATTRIBUTE* AttributeTemplate::data()
{
    _attributes.clear();
    for (auto& [type, value] : _values) {
        _attributes.push_back({ type, value.empty() ? nullptr : value.data(), value.size() });
    }
    return _attributes.data();
}

const Bytes* AttributeTemplate::find(CK_ATTRIBUTE_TYPE type) const
{
    for (const auto& [candidate, value] : _values) {
        if (candidate == type) {
            return &value;
        }
    }
    return nullptr;
}

std::optional<bool> AttributeTemplate::boolValue(CK_ATTRIBUTE_TYPE type) const
{
    const auto* value = find(type);
    if (value == nullptr || value->size() != sizeof(CK_BBOOL)) {
        return std::nullopt;
    }
    return (*value)[0] != CK_FALSE;
}

std::optional<CK_ULONG> AttributeTemplate::ulongValue(CK_ATTRIBUTE_TYPE type) const
{
    const auto* value = find(type);
    if (value == nullptr || value->size() != sizeof(CK_ULONG)) {
        return std::nullopt;
    }
    CK_ULONG result = 0;
    std::memcpy(&result, value->data(), sizeof result);
    return result;
}

} // namespace tokenbridge::modes::active
