#include "Objects.hpp"

#include "BerTlv.hpp"

#include <cstring>
#include <stdexcept>

namespace tokenbridge::vtoken::pkcs11
{

Bytes ulongBytes(CK_ULONG value)
{
    Bytes out(sizeof(CK_ULONG));
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

Bytes boolBytes(bool value)
{
    return Bytes { static_cast<uint8_t>(value ? CK_TRUE : CK_FALSE) };
}

CK_KEY_TYPE keyTypeOf(uint8_t algorithm)
{
    return algorithm == 0x02 ? CKK_GOSTR3410_512 : CKK_GOSTR3410;
}

CK_MECHANISM_TYPE signMechanismOf(uint8_t algorithm)
{
    return algorithm == 0x02 ? CKM_GOSTR3410_512 : CKM_GOSTR3410;
}

CardObject CardObject::parse(uint8_t ref, const Bytes& response)
{
    const auto fields = ber::parse(response);
    if (!fields) {
        throw std::runtime_error("malformed object");
    }
    CardObject object;
    object.ref = ref;
    for (const auto& f : *fields) {
        const auto first = f.value.empty() ? uint8_t { 0 } : f.value.front();
        switch (f.tag) {
        case 0x91:
            object.kind = first;
            break;
        case 0x80:
            object.algorithm = first;
            break;
        case 0x92:
            object.fkn = first == 0x01;
            break;
        case TAG_PRIVATE:
            object.isPrivate = first == 0x01;
            break;
        case 0x81:
            object.params = f.value;
            break;
        case 0x84:
            object.hashParams = f.value;
            break;
        case 0x86:
            object.publicKey = f.value;
            break;
        default:
            if ((f.tag & 0xF0) == 0xC0) {
                object.attributes[f.tag] = f.value;
            }
        }
    }
    return object;
}

std::vector<Part> CardObject::parts() const
{
    if (kind == KIND_DATA) {
        const auto cls = attributes.find(TAG_CLASS);
        const bool data = cls != attributes.end() && cls->second == Bytes { CLASS_DATA };
        return { data ? Part::Data : Part::Certificate };
    }
    if (attributes.count(TAG_PUBLIC_GONE) != 0) {
        return { Part::PrivateKey };
    }
    return { Part::PublicKey, Part::PrivateKey };
}

namespace
{

    Bytes attributeOr(const CardObject& object, uint8_t tag)
    {
        const auto it = object.attributes.find(tag);
        return it == object.attributes.end() ? Bytes {} : it->second;
    }

    void keyAttributes(const CardObject& object, bool isPrivate, AttributeSet& set)
    {
        auto& v = set.values;
        v[CKA_CLASS] = ulongBytes(isPrivate ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY);
        v[CKA_KEY_TYPE] = ulongBytes(keyTypeOf(object.algorithm));
        v[CKA_PRIVATE] = boolBytes(isPrivate);
        v[CKA_LOCAL] = boolBytes(true);
        v[CKA_KEY_GEN_MECHANISM] = ulongBytes(
            object.algorithm == 0x02 ? CKM_GOSTR3410_512_KEY_PAIR_GEN : CKM_GOSTR3410_KEY_PAIR_GEN);
        v[CKA_GOSTR3410_PARAMS] = object.params;
        if (!object.hashParams.empty()) {
            v[CKA_GOSTR3411_PARAMS] = object.hashParams;
        }
        v[CKA_DERIVE] = boolBytes(false);
        if (isPrivate) {
            v[CKA_SIGN] = boolBytes(true);
            v[CKA_SIGN_RECOVER] = boolBytes(false);
            v[CKA_DECRYPT] = boolBytes(false);
            v[CKA_UNWRAP] = boolBytes(false);
            v[CKA_SENSITIVE] = boolBytes(true);
            v[CKA_ALWAYS_SENSITIVE] = boolBytes(true);
            v[CKA_EXTRACTABLE] = boolBytes(false);
            v[CKA_NEVER_EXTRACTABLE] = boolBytes(true);
            v[CKA_ALWAYS_AUTHENTICATE] = boolBytes(false);
            v[CKA_WRAP_WITH_TRUSTED] = boolBytes(false);
            set.sensitive = { CKA_VALUE };
        } else {
            v[CKA_VERIFY] = boolBytes(true);
            v[CKA_ENCRYPT] = boolBytes(false);
            v[CKA_WRAP] = boolBytes(false);
            v[CKA_TRUSTED] = boolBytes(false);
            v[CKA_VALUE] = object.publicKey;
        }
    }

} // namespace

AttributeSet attributesOf(const CardObject& object, Part part)
{
    AttributeSet set;
    auto& v = set.values;
    v[CKA_TOKEN] = boolBytes(true);
    v[CKA_MODIFIABLE] = boolBytes(true);
    v[CKA_LABEL] = attributeOr(object, TAG_LABEL);
    if (part == Part::Data) {
        v[CKA_CLASS] = ulongBytes(CKO_DATA);
        v[CKA_PRIVATE] = boolBytes(object.isPrivate);
        v[CKA_APPLICATION] = attributeOr(object, TAG_APPLICATION);
        v[CKA_OBJECT_ID] = attributeOr(object, TAG_OBJECT_ID);
        v[CKA_VALUE] = attributeOr(object, TAG_VALUE);
        return set;
    }
    v[CKA_ID] = attributeOr(object, TAG_ID);
    if (part == Part::Certificate) {
        v[CKA_CLASS] = ulongBytes(CKO_CERTIFICATE);
        v[CKA_CERTIFICATE_TYPE] = ulongBytes(CKC_X_509);
        v[CKA_PRIVATE] = boolBytes(false);
        v[CKA_TRUSTED] = boolBytes(false);
        v[CKA_VALUE] = attributeOr(object, TAG_VALUE);
        v[CKA_SUBJECT] = attributeOr(object, TAG_SUBJECT);
        v[CKA_ISSUER] = attributeOr(object, TAG_ISSUER);
        v[CKA_SERIAL_NUMBER] = attributeOr(object, TAG_SERIAL);
        const Bytes category = attributeOr(object, TAG_CATEGORY);
        CK_ULONG value = 0;
        for (const auto b : category) {
            value = (value << 8) | b;
        }
        v[CKA_CERTIFICATE_CATEGORY] = ulongBytes(value);
        return set;
    }
    keyAttributes(object, part == Part::PrivateKey, set);
    return set;
}

} // namespace tokenbridge::vtoken::pkcs11
