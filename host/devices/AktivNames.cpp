#include "AktivNames.hpp"

#include "CompatibilityTable.hpp"

namespace tokenbridge::devices
{

namespace
{

    // Aktiv's marketing names (rutoken-tech-android rutokenmodels.xml) -> the matrix's ids, as a
    // token and as a smart card ("" where the matrix has no such row). Names of the matrix itself
    // (docs/compatibility.md) are looked up there.
    struct AktivName
    {
        std::string_view name;
        std::string_view token;
        std::string_view smartCard;
    };

    constexpr AktivName AKTIV_NAMES[] = {
        { "Рутокен ЭЦП 2.0 2000", "rutoken-ecp-2.0-2000", "" },
        { "Рутокен ЭЦП 2.0 2100", "rutoken-ecp-2.0-2100", "smartcard-rutoken-ecp-2.0-2100" },
        { "Рутокен ЭЦП 2.0 3000", "rutoken-ecp-2.0-3000", "" },
        { "Рутокен ЭЦП 2.0 4500", "rutoken-ecp-2.0-flash", "" },
        { "Рутокен ЭЦП 2.0 4900", "rutoken-ecp-2.0-flash", "" },
        { "Рутокен ЭЦП 3.0 3100", "rutoken-ecp-3.0-3100", "" },
        { "Рутокен ЭЦП 3.0 3220", "rutoken-ecp-3.0-3220", "" },
        { "Рутокен ЭЦП 3.0 NFC 3100", "rutoken-ecp-3.0-nfc-3100",
            "smartcard-rutoken-ecp-3.0-nfc-3100" },
    };

} // namespace

std::string modelIdForName(std::string_view name, ModelForm form)
{
    for (const auto& entry : AKTIV_NAMES) {
        if (entry.name == name) {
            return std::string(form == ModelForm::SmartCard ? entry.smartCard : entry.token);
        }
    }
    return std::string(modelIdByName(name).value_or(""));
}

} // namespace tokenbridge::devices
