#include "ModelRules.hpp"

#include "AktivNames.hpp"

#include <string_view>

namespace tokenbridge::devices
{

namespace
{

    constexpr int ANY = -1;

    enum class Need : uint8_t { Any, Yes, No };
    using Form = ModelForm;

    // rtpkcs11ecp's TOKEN_TYPE_* (AktivCo/pkcs11jna RtPkcs11Constants.java; docs/vtoken.md tag 80).
    constexpr int TYPE_ECP = 0x01;
    constexpr int TYPE_LITE = 0x02;
    constexpr int TYPE_S = 0x03;
    constexpr int TYPE_ECP_SC = 0x41;
    constexpr int TYPE_ECP_BT = 0x69;

    struct VersionRule
    {
        std::string_view name; // "" ends the search: Aktiv's apps call such a token unknown
        Form form = Form::Token;
        int tokenType = ANY;
        Need st31 = Need::No; // hardware 60 with firmware 28, 30 or 31: the ST31 chip
        int hwMajor = ANY;
        int fwMajorMin = 0;
        int fwMajorMax = 255;
        int fwMinor = ANY;
        Need flash = Need::No; // TOKEN_FLAGS_HAS_FLASH_DRIVE
        Need button = Need::Any; // TOKEN_FLAGS_HAS_BUTTON
        uint8_t current = 0; // the current interface must be this one (0: any)
        uint8_t supported = 0; // all of these among the supported interfaces
    };

    // First match wins. "Aktiv" rows are TokenModel.kt's (AktivCo/rutoken-tech-android) in its
    // order, 8003 is Token.swift's (AktivCo/rutoken-tech-ios); "ours" rows name the models of the
    // compatibility matrix that Aktiv's apps do not support.
    constexpr VersionRule RULES[] = {
        // Ours: the storage-only tokens, and the ECP 2.0 Bluetooth (by type, or by its interface
        // since rtpkcs11ecp 2.0.5.0 deprecates the type).
        { .name = "Рутокен S", .tokenType = TYPE_S, .st31 = Need::Any, .flash = Need::Any },
        { .name = "Рутокен Lite", .tokenType = TYPE_LITE, .st31 = Need::Any, .flash = Need::Any },
        { .name = "Рутокен ЭЦП Bluetooth",
            .tokenType = TYPE_ECP_BT,
            .fwMajorMin = 20,
            .fwMajorMax = 29 },
        { .name = "Рутокен ЭЦП Bluetooth",
            .fwMajorMin = 20,
            .fwMajorMax = 29,
            .supported = INTERFACE_BT },
        // Aktiv: the ST31 chip, whatever its type, by the interface it is used over.
        { .name = "Рутокен ЭЦП 3.0 NFC MF 3110",
            .form = Form::SmartCard,
            .st31 = Need::Yes,
            .fwMajorMin = 31,
            .flash = Need::Any,
            .current = INTERFACE_ISO },
        { .name = "Рутокен ЭЦП 3.0 NFC 3100",
            .form = Form::SmartCard,
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_ISO },
        { .name = "Рутокен ЭЦП 3.0 NFC 3100",
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_USB,
            .supported = INTERFACE_NFC_B },
        { .name = "Рутокен ЭЦП 3.0 3100",
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_USB },
        { .name = "Рутокен ЭЦП 3.0 NFC MF 3110",
            .form = Form::SmartCard,
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_NFC_A },
        { .name = "Рутокен ЭЦП 3.0 NFC 3100",
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_NFC_B,
            .supported = INTERFACE_USB },
        { .name = "Рутокен ЭЦП 3.0 NFC 3100",
            .form = Form::SmartCard,
            .st31 = Need::Yes,
            .flash = Need::Any,
            .current = INTERFACE_NFC_B,
            .supported = INTERFACE_ISO },
        { .name = "", .st31 = Need::Yes, .flash = Need::Any },
        // Aktiv: ECP 2.0 Flash.
        { .name = "Рутокен ЭЦП 2.0 4900",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 27,
            .fwMajorMax = 27,
            .flash = Need::Yes,
            .button = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4900",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 27,
            .fwMajorMax = 27,
            .flash = Need::Yes,
            .button = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4900",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 24,
            .fwMajorMax = 24,
            .flash = Need::Yes,
            .button = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4500",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 24,
            .fwMajorMax = 24,
            .flash = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4500",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 26,
            .fwMajorMax = 26,
            .flash = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4500",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 27,
            .fwMajorMax = 27,
            .flash = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4500",
            .tokenType = TYPE_ECP,
            .hwMajor = 58,
            .fwMajorMin = 27,
            .fwMajorMax = 27,
            .flash = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4500",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 27,
            .fwMajorMax = 27,
            .flash = Need::Yes },
        // Ours: other ECP 2.0 firmware with a flash drive, as vtoken's flash model (hw 20, fw 24)
        // presents itself; the matrix's "ЭЦП 2.0 Flash" row is the whole line.
        { .name = "Рутокен ЭЦП 2.0 Flash",
            .tokenType = TYPE_ECP,
            .fwMajorMin = 20,
            .fwMajorMax = 29,
            .flash = Need::Yes },
        { .name = "", .tokenType = TYPE_ECP, .flash = Need::Yes },
        // Aktiv: ECP 3.0 and ECP 2.0 without a flash drive.
        { .name = "Рутокен ЭЦП 3.0 3200",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 30,
            .fwMajorMax = 30 },
        { .name = "Рутокен ЭЦП 3.0 3220",
            .tokenType = TYPE_ECP,
            .hwMajor = 65,
            .fwMajorMin = 30,
            .fwMajorMax = 30 },
        { .name = "Рутокен ЭЦП 3.0 3250",
            .tokenType = TYPE_ECP,
            .hwMajor = 65,
            .fwMajorMin = 31,
            .fwMajorMax = 31 },
        { .name = "Рутокен ЭЦП 3.0 3120",
            .tokenType = TYPE_ECP,
            .hwMajor = 67,
            .fwMajorMin = 31,
            .fwMajorMax = 31 },
        { .name = "Рутокен ЭЦП 2.0 2000",
            .tokenType = TYPE_ECP,
            .hwMajor = 20,
            .fwMajorMin = 23,
            .fwMajorMax = 23 },
        { .name = "Рутокен ЭЦП 2.0 2000",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 26,
            .fwMajorMax = 26 },
        { .name = "Рутокен ЭЦП 2.0 2100",
            .tokenType = TYPE_ECP,
            .hwMajor = 54,
            .fwMajorMin = 23,
            .fwMajorMax = 23,
            .fwMinor = 2 },
        { .name = "Рутокен ЭЦП 2.0 2200",
            .tokenType = TYPE_ECP,
            .hwMajor = 20,
            .fwMajorMin = 24,
            .fwMajorMax = 24 },
        { .name = "Рутокен ЭЦП 2.0 3000",
            .tokenType = TYPE_ECP,
            .hwMajor = 20,
            .fwMajorMin = 26,
            .fwMajorMax = 26 },
        { .name = "Рутокен ЭЦП 2.0 3000",
            .tokenType = TYPE_ECP,
            .hwMajor = 59,
            .fwMajorMin = 27,
            .fwMajorMax = 27 },
        { .name = "Рутокен ЭЦП 2.0 4400",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 24,
            .fwMajorMax = 24,
            .button = Need::Yes },
        { .name = "Рутокен ЭЦП 2.0 4000",
            .tokenType = TYPE_ECP,
            .hwMajor = 55,
            .fwMajorMin = 24,
            .fwMajorMax = 24 },
        { .name = "Рутокен ЭЦП 2.0 8003",
            .tokenType = TYPE_ECP,
            .fwMajorMin = 21,
            .fwMajorMax = 21,
            .button = Need::No },
        { .name = "Рутокен ЭЦП 2.0 8003",
            .tokenType = TYPE_ECP,
            .fwMajorMin = 25,
            .fwMajorMax = 25,
            .button = Need::No },
        // Aktiv: the ECP 2.0 2100 smart card.
        { .name = "Рутокен ЭЦП 2.0 2100",
            .form = Form::SmartCard,
            .tokenType = TYPE_ECP_SC,
            .hwMajor = 54,
            .fwMajorMin = 23,
            .fwMajorMax = 23,
            .fwMinor = 2 },
    };

    bool needs(Need need, bool actual)
    {
        return need == Need::Any || (need == Need::Yes) == actual;
    }

    bool isSt31(const TokenInfo& info)
    {
        const int fw = info.firmware.major;
        return info.hardware.major == 60 && (fw == 28 || fw == 30 || fw == 31);
    }

    // A token that did not say which interface it is used over: the first it supports of USB,
    // ISO, NFC-B.
    uint8_t currentInterface(const TokenInfo& info)
    {
        if (info.currentInterface != 0) {
            return info.currentInterface;
        }
        for (const uint8_t candidate : { INTERFACE_USB, INTERFACE_ISO, INTERFACE_NFC_B }) {
            if ((info.supportedInterfaces & candidate) != 0) {
                return candidate;
            }
        }
        return 0;
    }

    bool matches(const VersionRule& rule, const TokenInfo& info)
    {
        auto fits = [](int wanted, int actual) { return wanted == ANY || wanted == actual; };
        return fits(rule.tokenType, info.tokenType) && needs(rule.st31, isSt31(info))
            && fits(rule.hwMajor, info.hardware.major) && info.firmware.major >= rule.fwMajorMin
            && info.firmware.major <= rule.fwMajorMax && fits(rule.fwMinor, info.firmware.minor)
            && needs(rule.flash, (info.flags & TOKEN_FLAG_HAS_FLASH_DRIVE) != 0)
            && needs(rule.button, (info.flags & TOKEN_FLAG_HAS_BUTTON) != 0)
            && (rule.current == 0 || rule.current == currentInterface(info))
            && (info.supportedInterfaces & rule.supported) == rule.supported;
    }

    // How a token that names itself is built (TokenModel.kt's getModelByVendorDefinedName).
    Form formOf(const TokenInfo& info)
    {
        const uint8_t current = currentInterface(info);
        const bool contactless = (current & (INTERFACE_NFC_A | INTERFACE_NFC_B)) != 0;
        const bool card = (info.supportedInterfaces & INTERFACE_ISO) != 0
            && (info.supportedInterfaces & INTERFACE_USB) == 0;
        return current == INTERFACE_ISO || (contactless && card) ? Form::SmartCard : Form::Token;
    }

} // namespace

std::optional<NamedModel> modelFromTokenInfo(const TokenInfo& info)
{
    // Firmware 32+ names itself (Token.swift); older firmware is told apart by the table.
    if (info.firmware.major >= 32 && !info.modelName.empty()) {
        return NamedModel { modelIdForName(info.modelName, formOf(info)), info.modelName };
    }
    for (const auto& rule : RULES) {
        if (matches(rule, info)) {
            if (rule.name.empty()) {
                return std::nullopt;
            }
            return NamedModel { modelIdForName(rule.name, rule.form), std::string(rule.name) };
        }
    }
    return std::nullopt;
}

} // namespace tokenbridge::devices
