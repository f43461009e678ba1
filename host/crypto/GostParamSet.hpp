#pragma once

#include "KeyAlgorithm.hpp"

#include <span>
#include <string_view>

namespace tokenbridge::crypto
{

// GOST R 34.10 curve parameter sets as the gost engine names them (`paramset` ctrl) with their
// OIDs. tc26 256-B/C/D are the CryptoPro A/B/C curves under their own OIDs; XA = A, XB = C.
struct GostParamSet
{
    KeyAlgorithm algorithm;
    std::string_view engineName; // "A", "TCA", ...
    std::string_view oid;
    std::string_view description;
    // RFC 9215 §4.2: digestParamSet in the SPKI must be present for the 2001 OIDs.
    bool spkiDigestParam;
};

std::span<const GostParamSet> gostParamSets();
const GostParamSet& findGostParamSet(KeyAlgorithm algorithm, std::string_view engineName);
const GostParamSet* findGostParamSetByOid(std::string_view oid);

} // namespace tokenbridge::crypto
