// Object management (PKCS#11 v2.40 §5.7): find, attributes, create (certificates, data
// objects), destroy. The private key's value is not on this side of the card; CKA_VALUE of a
// private key is CKR_ATTRIBUTE_SENSITIVE, and its protection attributes are read-only. The
// token-info hardware feature object (HwFeature.hpp) is read-only.
#include "HwFeature.hpp"
#include "ModuleState.hpp"
#include "ObjectCalls.hpp"

#include <algorithm>
#include <cstring>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::pkcs11;

namespace tokenbridge::vtoken::pkcs11
{

struct AttributeTag
{
    CK_ATTRIBUTE_TYPE type;
    uint8_t tag;
};

// Attributes the card keeps for the module, per object (tags Cx).
constexpr AttributeTag STORED[] = {
    { CKA_LABEL, TAG_LABEL },
    { CKA_ID, TAG_ID },
    { CKA_VALUE, TAG_VALUE },
    { CKA_SUBJECT, TAG_SUBJECT },
    { CKA_ISSUER, TAG_ISSUER },
    { CKA_SERIAL_NUMBER, TAG_SERIAL },
    { CKA_APPLICATION, TAG_APPLICATION },
    { CKA_OBJECT_ID, TAG_OBJECT_ID },
};

bool loggedInUser(const Slot& slot)
{
    return slot.loggedIn == CKU_USER;
}

ObjectRef resolve(ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    const CK_SLOT_ID slotId = s.session(session).slot;
    const auto parts = splitHandle(handle);
    if (!parts || parts->slot != slotId) {
        throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
    }
    Slot& slot = s.slot(slotId);
    CardObject object;
    try {
        object = slot.token->object(parts->ref);
    } catch (const CkrFailure& failure) {
        throw CkrFailure { failure.rv == CKR_DEVICE_REMOVED ? failure.rv
                                                            : CKR_OBJECT_HANDLE_INVALID };
    }
    const auto available = object.parts();
    const bool exists =
        std::find(available.begin(), available.end(), parts->part) != available.end();
    // Private objects exist for the application only while the user is logged in.
    if (!exists || (parts->part == Part::PrivateKey && !loggedInUser(slot))) {
        throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
    }
    return ObjectRef { &slot, slotId, std::move(object), parts->part };
}

ObjectRef resolveUsablePrivateKey(
    ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    ObjectRef ref = resolve(s, session, handle);
    if (ref.part != Part::PrivateKey) {
        throw CkrFailure { CKR_KEY_TYPE_INCONSISTENT };
    }
    if (ref.object.fkn) {
        throw CkrFailure { CKR_KEY_FUNCTION_NOT_PERMITTED };
    }
    return ref;
}

std::map<uint8_t, Bytes> storedAttributes(
    const CK_ATTRIBUTE* attributes, CK_ULONG count, std::vector<CK_ATTRIBUTE_TYPE>& unused)
{
    std::map<uint8_t, Bytes> out;
    for (CK_ULONG i = 0; i < count; ++i) {
        const auto& a = attributes[i];
        const auto* value = static_cast<const uint8_t*>(a.pValue);
        bool stored = false;
        for (const auto& row : STORED) {
            if (row.type == a.type) {
                out[row.tag] = Bytes(value, value + a.ulValueLen);
                stored = true;
            }
        }
        if (!stored) {
            unused.push_back(a.type);
        }
    }
    return out;
}

} // namespace tokenbridge::vtoken::pkcs11

namespace
{

bool matches(const AttributeSet& set, const CK_ATTRIBUTE* filter, CK_ULONG count)
{
    for (CK_ULONG i = 0; i < count; ++i) {
        const auto it = set.values.find(filter[i].type);
        if (it == set.values.end() || it->second.size() != filter[i].ulValueLen
            || (filter[i].ulValueLen != 0
                && std::memcmp(it->second.data(), filter[i].pValue, filter[i].ulValueLen) != 0)) {
            return false;
        }
    }
    return true;
}

std::optional<bool> boolIn(const CK_ATTRIBUTE* attributes, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    for (CK_ULONG i = 0; i < count; ++i) {
        if (attributes[i].type == type && attributes[i].ulValueLen == 1) {
            return *static_cast<const CK_BBOOL*>(attributes[i].pValue) != CK_FALSE;
        }
    }
    return std::nullopt;
}

std::optional<CK_ULONG> ulongIn(
    const CK_ATTRIBUTE* attributes, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    for (CK_ULONG i = 0; i < count; ++i) {
        if (attributes[i].type == type && attributes[i].ulValueLen == sizeof(CK_ULONG)) {
            CK_ULONG value;
            std::memcpy(&value, attributes[i].pValue, sizeof value);
            return value;
        }
    }
    return std::nullopt;
}

TokenData presentData(Slot& slot)
{
    auto data = slot.token->info();
    if (!data) {
        throw CkrFailure { CKR_DEVICE_REMOVED };
    }
    return *data;
}

// The attributes of the object a handle names, as this application may see them now.
AttributeSet attributesOfHandle(ModuleState& s, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    if (isDerivedKey(handle)) {
        return derivedKeyAttributes(s, session, handle);
    }
    if (isHwFeature(handle)) {
        const CK_SLOT_ID slot = s.session(session).slot;
        if (splitHandle(handle)->slot != slot) {
            throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
        }
        return hwFeatureAttributes(presentData(s.slot(slot)));
    }
    const auto ref = resolve(s, session, handle);
    return attributesOf(ref.object, ref.part);
}

} // namespace

extern "C" {

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE handle, CK_ATTRIBUTE* filter, CK_ULONG count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& session = s.session(handle);
        if (session.finding) {
            return CKR_OPERATION_ACTIVE;
        }
        if (filter == nullptr && count != 0) {
            return CKR_ARGUMENTS_BAD;
        }
        Slot& slot = s.slot(session.slot);
        std::vector<CK_OBJECT_HANDLE> found;
        if (asksForHwFeatures(filter, count)
            && matches(hwFeatureAttributes(presentData(slot)), filter, count)) {
            found.push_back(makeHandle(session.slot, HW_FEATURE_REF, Part::PublicKey));
        }
        for (const auto& object : slot.token->objects()) {
            for (const Part part : object.parts()) {
                if (part == Part::PrivateKey && !loggedInUser(slot)) {
                    continue;
                }
                if (matches(attributesOf(object, part), filter, count)) {
                    found.push_back(makeHandle(session.slot, object.ref, part));
                }
            }
        }
        session.found = std::move(found);
        session.foundPos = 0;
        session.finding = true;
        return CKR_OK;
    });
}

CK_RV C_FindObjects(CK_SESSION_HANDLE handle, CK_OBJECT_HANDLE* out, CK_ULONG max, CK_ULONG* count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& session = s.session(handle);
        if (!session.finding) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        if (out == nullptr || count == nullptr) {
            return CKR_ARGUMENTS_BAD;
        }
        *count = 0;
        while (*count < max && session.foundPos < session.found.size()) {
            out[(*count)++] = session.found[session.foundPos++];
        }
        return CKR_OK;
    });
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        SessionState& session = s.session(handle);
        if (!session.finding) {
            return CKR_OPERATION_NOT_INITIALIZED;
        }
        session.finding = false;
        session.found.clear();
        return CKR_OK;
    });
}

CK_RV C_GetAttributeValue(
    CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const AttributeSet set = attributesOfHandle(s, session, handle);
        CK_RV rv = CKR_OK;
        for (CK_ULONG i = 0; i < count; ++i) {
            auto& a = attributes[i];
            if (std::find(set.sensitive.begin(), set.sensitive.end(), a.type)
                != set.sensitive.end()) {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_ATTRIBUTE_SENSITIVE;
                continue;
            }
            const auto it = set.values.find(a.type);
            if (it == set.values.end()) {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_ATTRIBUTE_TYPE_INVALID;
            } else if (a.pValue == nullptr) {
                a.ulValueLen = it->second.size();
            } else if (a.ulValueLen < it->second.size()) {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_BUFFER_TOO_SMALL;
            } else {
                std::memcpy(a.pValue, it->second.data(), it->second.size());
                a.ulValueLen = it->second.size();
            }
        }
        return rv;
    });
}

CK_RV C_SetAttributeValue(
    CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        if (isHwFeature(handle)) {
            return CKR_ATTRIBUTE_READ_ONLY;
        }
        const auto ref = resolve(s, session, handle);
        std::vector<CK_ATTRIBUTE_TYPE> unused;
        auto stored = storedAttributes(attributes, count, unused);
        // Only the label and the ID change after creation; CKA_EXTRACTABLE, CKA_SENSITIVE and
        // a certificate's contents are fixed.
        const bool labelOrId =
            unused.empty() && std::all_of(stored.begin(), stored.end(), [](const auto& entry) {
                return entry.first == TAG_LABEL || entry.first == TAG_ID;
            });
        if (!labelOrId) {
            return CKR_ATTRIBUTE_READ_ONLY;
        }
        ref.slot->token->setAttributes(ref.object.ref, stored);
        return CKR_OK;
    });
}

CK_RV C_CreateObject(
    CK_SESSION_HANDLE session, CK_ATTRIBUTE* attributes, CK_ULONG count, CK_OBJECT_HANDLE* handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        const SessionState& state = s.session(session);
        if (handle == nullptr || (attributes == nullptr && count != 0)) {
            return CKR_ARGUMENTS_BAD;
        }
        if (!(state.flags & CKF_RW_SESSION)) {
            return CKR_SESSION_READ_ONLY;
        }
        // Certificates and data objects only: key material is generated on the card, never
        // imported.
        const auto cls = ulongIn(attributes, count, CKA_CLASS);
        if (cls != CKO_CERTIFICATE && cls != CKO_DATA) {
            return CKR_TEMPLATE_INCONSISTENT;
        }
        const auto type = ulongIn(attributes, count, CKA_CERTIFICATE_TYPE);
        if (cls == CKO_CERTIFICATE && type && *type != CKC_X_509) {
            return CKR_ATTRIBUTE_VALUE_INVALID;
        }
        // A private data object: the card keeps it behind the user PIN (93 01 01); a
        // certificate is always public, and the object files of a storage-only token are read
        // without a PIN (Token::createDataObject refuses it there).
        const bool isPrivate = boolIn(attributes, count, CKA_PRIVATE) == true;
        if (isPrivate && cls != CKO_DATA) {
            return CKR_ATTRIBUTE_VALUE_INVALID;
        }
        std::vector<CK_ATTRIBUTE_TYPE> unused;
        auto stored = storedAttributes(attributes, count, unused);
        if (isPrivate) {
            stored[TAG_PRIVATE] = Bytes { 0x01 };
        }
        if (cls == CKO_DATA) {
            stored[TAG_CLASS] = Bytes { CLASS_DATA };
            stored.try_emplace(TAG_VALUE);
        } else if (stored.count(TAG_VALUE) == 0) {
            return CKR_TEMPLATE_INCOMPLETE;
        }
        if (const auto category = ulongIn(attributes, count, CKA_CERTIFICATE_CATEGORY)) {
            stored[TAG_CATEGORY] = Bytes { static_cast<uint8_t>(*category) };
        }
        Slot& slot = s.slot(state.slot);
        const uint8_t ref = slot.token->createDataObject(stored);
        *handle = makeHandle(state.slot, ref, cls == CKO_DATA ? Part::Data : Part::Certificate);
        return CKR_OK;
    });
}

CK_RV C_DestroyObject(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE handle)
{
    return guarded([&](ModuleState& s) -> CK_RV {
        if (!(s.session(session).flags & CKF_RW_SESSION)) {
            return CKR_SESSION_READ_ONLY;
        }
        if (isHwFeature(handle)) {
            return CKR_ACTION_PROHIBITED;
        }
        if (isDerivedKey(handle)) {
            return destroyDerivedKey(s, session, handle);
        }
        const auto ref = resolve(s, session, handle);
        if (ref.object.fkn) {
            return CKR_ACTION_PROHIBITED; // only inside an FKN session (the host's FKN store)
        }
        // The public half only hides; the private half takes the key (and its public half)
        // off the card.
        if (ref.part == Part::PublicKey) {
            ref.slot->token->setAttributes(ref.object.ref, { { TAG_PUBLIC_GONE, Bytes { 1 } } });
        } else {
            ref.slot->token->destroy(ref.object.ref);
        }
        return CKR_OK;
    });
}

} // extern "C"
