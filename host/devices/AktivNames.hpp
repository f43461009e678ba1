#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tokenbridge::devices
{

// How a model is built: the matrix has separate ids for a token and a smart card of one name.
enum class ModelForm : uint8_t { Token, SmartCard };

// The compatibility matrix's id (docs/compatibility.md) for a model name as Aktiv's apps and
// library give it (a marketing name of AktivCo/rutoken-tech-android rutokenmodels.xml, or
// CKA_VENDOR_MODEL_NAME), or a name of the matrix itself. "" for a model the matrix lacks
// (ECP 3.0 3200, ECP 2.0 4400, ...).
std::string modelIdForName(std::string_view name, ModelForm form);

} // namespace tokenbridge::devices
