#include "HwFeature.hpp"

#include "ModuleState.hpp"
#include "Rtpkcs11.hpp"

#include <cstring>

namespace tokenbridge::vtoken::pkcs11
{

bool isHwFeature(CK_OBJECT_HANDLE handle)
{
    const auto parts = splitHandle(handle);
    return parts && parts->ref == HW_FEATURE_REF;
}

AttributeSet hwFeatureAttributes(const TokenData& data)
{
    AttributeSet set;
    auto& v = set.values;
    v[CKA_CLASS] = ulongBytes(CKO_HW_FEATURE);
    v[CKA_HW_FEATURE_TYPE] = ulongBytes(rt::CKH_VENDOR_TOKEN_INFO);
    v[rt::CKA_VENDOR_CURRENT_TOKEN_INTERFACE] = ulongBytes(data.currentInterface);
    v[rt::CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE] = ulongBytes(data.supportedInterfaces);
    // Only tokens that know their name have the attribute (Aktiv's apps ask from firmware 32).
    if (!data.name.empty()) {
        v[rt::CKA_VENDOR_MODEL_NAME] = Bytes(data.name.begin(), data.name.end());
    }
    return set;
}

bool asksForHwFeatures(const CK_ATTRIBUTE* filter, CK_ULONG count)
{
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_ULONG value = 0;
        if (filter[i].type == CKA_CLASS && filter[i].ulValueLen == sizeof value) {
            std::memcpy(&value, filter[i].pValue, sizeof value);
            return value == CKO_HW_FEATURE;
        }
    }
    return false;
}

} // namespace tokenbridge::vtoken::pkcs11
