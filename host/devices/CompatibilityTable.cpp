#include "CompatibilityTable.hpp"

namespace tokenbridge::devices
{

namespace
{

    constexpr auto FKN = Mode::Fkn;
    constexpr auto FKN_NFC = Mode::FknNfc;
    constexpr auto PKCS11 = Mode::ActivePkcs11;
    constexpr auto CRYPT = Mode::ActiveCrypt;
    constexpr auto PASSIVE = Mode::Passive;

    // A row of the main table: the same on every platform and connection.
    std::vector<CompatCell> row(std::vector<ModeOn> r4, std::vector<ModeOn> b11455,
        std::vector<ModeOn> r2, std::vector<ModeOn> r3)
    {
        return {
            { std::nullopt, ALL_PLATFORMS, "4.0-R4", std::move(r4) },
            { std::nullopt, ALL_PLATFORMS, "5.0-11455", std::move(b11455) },
            { std::nullopt, ALL_PLATFORMS, "5.0-R2", std::move(r2) },
            { std::nullopt, ALL_PLATFORMS, "5.0-R3", std::move(r3) },
        };
    }

    std::vector<CompatCell> ecp2100Row()
    {
        return row({ { PASSIVE } }, { { PASSIVE }, { CRYPT } }, { { PASSIVE }, { PKCS11 } },
            { { PASSIVE }, { PKCS11 } });
    }

    std::vector<CompatCell> rutoken2151Row()
    {
        return row({}, {}, { { PASSIVE }, { PKCS11 } }, { { PASSIVE }, { PKCS11 } });
    }

    std::vector<CompatCell> ecp3000Row()
    {
        return row({ { PASSIVE } }, { { PASSIVE }, { FKN } }, { { PASSIVE }, { PKCS11 }, { FKN } },
            { { PASSIVE }, { PKCS11 }, { FKN } });
    }

    // The two NFC 3100 models (compatibility.md's own section); 4.0-R4 and 5.0-11455 support
    // neither, so they have no cells. `contactFkn` is the FKN mode the model has over contact.
    std::vector<CompatCell> nfc3100Cells(Mode contactFkn)
    {
        constexpr auto NFC = Connection::Nfc;
        constexpr auto CONTACT = Connection::Contact;
        return {
            { NFC, IOS | ANDROID, "5.0-R2", { { FKN_NFC } } },
            { NFC, IOS | ANDROID, "5.0-R3", { { FKN_NFC }, { PKCS11 }, { PASSIVE } } },
            { NFC, AURORA, "5.0-R2", { { FKN_NFC } } },
            { NFC, AURORA, "5.0-R3", { { FKN_NFC } } },
            { NFC, PCS, "5.0-R2", { { FKN_NFC }, { PKCS11 } } },
            { NFC, PCS, "5.0-R3", { { FKN_NFC }, { PKCS11 }, { PASSIVE } } },
            { CONTACT, ALL_PLATFORMS, "5.0-R2",
                { { PASSIVE, FOOTNOTE_1 }, { PKCS11, FOOTNOTE_1 & FOOTNOTE_2 }, { contactFkn } } },
            { CONTACT, ALL_PLATFORMS, "5.0-R3",
                { { PASSIVE, FOOTNOTE_1 }, { PKCS11, FOOTNOTE_1 }, { contactFkn } } },
        };
    }

    std::vector<CompatModel> buildTable()
    {
        const auto storage =
            row({ { PASSIVE } }, { { PASSIVE } }, { { PASSIVE } }, { { PASSIVE } });
        return {
            { "rutoken-s", "Рутокен S", storage },
            { "rutoken-lite", "Рутокен Lite", storage },
            { "rutoken-ecp-2.0-2100", "Рутокен ЭЦП 2.0 2100", ecp2100Row() },
            { "rutoken-ecp-2.0-2000", "Рутокен ЭЦП 2.0 (2000)", ecp2100Row() },
            { "rutoken-ecp-2.0-flash", "Рутокен ЭЦП 2.0 Flash", ecp2100Row() },
            { "rutoken-ecp-bluetooth", "Рутокен ЭЦП Bluetooth", ecp2100Row() },
            { "rutoken-2151", "Рутокен 2151", rutoken2151Row() },
            { "smartcard-rutoken-2151", "Смарт-карта Рутокен 2151", rutoken2151Row() },
            { "rutoken-ecp-pki", "Рутокен ЭЦП PKI",
                row({}, { { PASSIVE } }, { { PASSIVE } }, { { PASSIVE } }) },
            { "rutoken-ecp-2.0-3000", "Рутокен ЭЦП 2.0 3000", ecp3000Row() },
            { "rutoken-ecp-3.0-3100", "Рутокен ЭЦП 3.0 3100", ecp3000Row() },
            { "rutoken-ecp-3.0-3220", "Рутокен ЭЦП 3.0 3220", ecp3000Row() },
            { "smartcard-rutoken-ecp-2.0-2100", "Смарт-карта Рутокен ЭЦП 2.0 2100", ecp2100Row() },
            { "rutoken-ecp-3.0-nfc-3100", "Рутокен ЭЦП 3.0 NFC 3100", nfc3100Cells(FKN) },
            { "smartcard-rutoken-ecp-3.0-nfc-3100", "Смарт-карта Рутокен ЭЦП 3.0 NFC 3100",
                nfc3100Cells(FKN_NFC) },
        };
    }

} // namespace

const std::vector<CompatModel>& compatibilityTable()
{
    static const std::vector<CompatModel> table = buildTable();
    return table;
}

std::optional<Platforms> platformByName(std::string_view name)
{
    for (size_t i = 0; i < std::size(PLATFORM_NAMES); ++i) {
        if (PLATFORM_NAMES[i] == name) {
            return platformBit(i);
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> modelIdByName(std::string_view name)
{
    for (const auto& model : compatibilityTable()) {
        if (model.name == name) {
            return model.id;
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> modelDisplayName(std::string_view modelId)
{
    for (const auto& model : compatibilityTable()) {
        if (model.id == modelId) {
            return model.name;
        }
    }
    return std::nullopt;
}

} // namespace tokenbridge::devices
