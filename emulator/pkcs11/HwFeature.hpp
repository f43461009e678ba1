#pragma once

#include "Objects.hpp"
#include "Token.hpp"

namespace tokenbridge::vtoken::pkcs11
{

// The token-info hardware feature object of Aktiv's library (CKO_HW_FEATURE of type
// CKH_VENDOR_TOKEN_INFO): the token's interfaces and, from firmware 32 on, its marketing name,
// which Aktiv's own apps read to tell the model (docs/vtoken.md "PKCS#11 module"). One per
// token; its handle has the card reference 00, which no card object has.
inline constexpr uint8_t HW_FEATURE_REF = 0x00;

bool isHwFeature(CK_OBJECT_HANDLE handle);
AttributeSet hwFeatureAttributes(const TokenData& data);
// PKCS#11 v2.40 §4.3: a search finds hardware feature objects only when its template asks for
// CKA_CLASS CKO_HW_FEATURE, so clients that do not know them never see one.
bool asksForHwFeatures(const CK_ATTRIBUTE* filter, CK_ULONG count);

} // namespace tokenbridge::vtoken::pkcs11
