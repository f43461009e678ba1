#pragma once

#include "Pkcs11.hpp"
#include "core/Bytes.hpp"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace tokenbridge::modes::active
{

// A CK_ATTRIBUTE array that owns its values (Cryptoki templates only borrow pointers).
class AttributeTemplate
{
public:
    AttributeTemplate& add(CK_ATTRIBUTE_TYPE type, ByteView value);
    AttributeTemplate& addBool(CK_ATTRIBUTE_TYPE type, bool value);
    AttributeTemplate& addUlong(CK_ATTRIBUTE_TYPE type, CK_ULONG value);
    AttributeTemplate& addText(CK_ATTRIBUTE_TYPE type, std::string_view value);

    // Valid until the next add(); rebuilt on every call.
    CK_ATTRIBUTE* data();
    [[nodiscard]] CK_ULONG size() const noexcept { return _values.size(); }

    // Lookups (tests and callers that inspect a template).
    [[nodiscard]] const Bytes* find(CK_ATTRIBUTE_TYPE type) const;
    [[nodiscard]] std::optional<bool> boolValue(CK_ATTRIBUTE_TYPE type) const;
    [[nodiscard]] std::optional<CK_ULONG> ulongValue(CK_ATTRIBUTE_TYPE type) const;

private:
    std::vector<std::pair<CK_ATTRIBUTE_TYPE, Bytes>> _values;
    std::vector<CK_ATTRIBUTE> _attributes;
};

} // namespace tokenbridge::modes::active
