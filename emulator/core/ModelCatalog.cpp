#include "Model.hpp"

#include <stdexcept>
#include <string>

namespace tokenbridge::vtoken
{

namespace
{

    constexpr std::string_view ECP_USB = "3B8B015275746F6B656E20454350A0";
    constexpr std::string_view ECP_SC = "3B9C948011405275746F6B656E4543507363C3";
    constexpr uint8_t CORE = FEATURE_CORE;
    constexpr uint8_t FKN = FEATURE_CORE | FEATURE_FKN;
    constexpr uint32_t KB = 1024;

    // docs/vtoken.md "Models". Memory sizes are ours (the doc leaves them open).
    constexpr Model MODELS[] = {
        { "rutoken-s", "3B6F00FF00567275546F6B6E73302000009000", "", 0x03, 1, 0, 1, 0, 0, 0, IF_USB,
            IF_USB, "", 32 * KB },
        { "rutoken-lite", "3B8B015275746F6B656E6C697465C2", "", 0x02, 20, 0, 20, 0, 0, 0, IF_USB,
            IF_USB, "", 64 * KB },
        { "rutoken-ecp-2.0-2000", ECP_USB, "", 0x01, 20, 0, 23, 0, CORE, 0, IF_USB, IF_USB, "",
            64 * KB },
        { "rutoken-ecp-2.0-2100", ECP_USB, "", 0x01, 54, 0, 23, 2, CORE, 0, IF_USB, IF_USB, "",
            64 * KB },
        { "rutoken-ecp-2.0-flash", ECP_USB, "", 0x01, 20, 0, 24, 0, CORE, FLAG_FLASH, IF_USB,
            IF_USB, "", 64 * KB },
        { "rutoken-ecp-bluetooth", "3B8B015275746F6B656E44534254D7", "", 0x69, 20, 0, 23, 0, CORE,
            0, IF_BT, IF_USB | IF_BT, "", 64 * KB },
        { "rutoken-2151", ECP_USB, "", 0x01, 70, 0, 32, 0, CORE, 0, IF_USB, IF_USB, "Рутокен 2151",
            128 * KB },
        { "smartcard-rutoken-2151", ECP_SC, "", 0x41, 70, 0, 32, 0, CORE, 0, IF_ISO, IF_ISO,
            "Смарт-карта Рутокен 2151", 128 * KB },
        { "rutoken-ecp-pki", ECP_USB, "", 0x01, 71, 0, 32, 0, CORE, 0, IF_USB, IF_USB,
            "Рутокен ЭЦП PKI", 128 * KB },
        { "rutoken-ecp-2.0-3000", ECP_USB, "", 0x01, 20, 0, 26, 0, FKN, FLAG_FKN, IF_USB, IF_USB,
            "", 64 * KB },
        { "rutoken-ecp-3.0-3100", ECP_USB, "", 0x01, 60, 0, 30, 0, FKN, FLAG_FKN, IF_USB, IF_USB,
            "", 128 * KB },
        { "rutoken-ecp-3.0-3220", ECP_USB, "", 0x01, 65, 0, 30, 0, FKN, FLAG_FKN, IF_USB, IF_USB,
            "", 128 * KB },
        { "smartcard-rutoken-ecp-2.0-2100", ECP_SC, "", 0x41, 54, 0, 23, 2, CORE, 0, IF_ISO, IF_ISO,
            "", 64 * KB },
        { "rutoken-ecp-3.0-nfc-3100", ECP_USB, "3B88800152745343778183206A", 0xC1, 60, 0, 30, 0,
            FKN, FLAG_FKN, IF_USB, IF_USB | IF_NFC_B, "", 128 * KB },
        { "smartcard-rutoken-ecp-3.0-nfc-3100", "3B9C978011405275746F6B656E4543507363C0",
            "3B8C800150PUPI52745343778183TCK", 0xC9, 60, 0, 28, 0, FKN, FLAG_FKN, IF_ISO,
            IF_ISO | IF_NFC_B, "", 128 * KB },
    };

} // namespace

std::span<const Model> modelCatalog()
{
    return MODELS;
}

const Model* findModel(std::string_view id)
{
    for (const auto& model : MODELS) {
        if (model.id == id) {
            return &model;
        }
    }
    return nullptr;
}

Bytes atrFor(const Model& model, Connection connection, uint32_t serial)
{
    if (connection == Connection::Contact) {
        return fromHex(model.atrContact);
    }
    if (!model.hasNfc()) {
        throw std::invalid_argument("model has no contactless interface");
    }
    std::string hex(model.atrNfc);
    const auto pupi = hex.find("PUPI");
    if (pupi != std::string::npos) {
        const uint8_t bytes[] = { static_cast<uint8_t>(serial >> 24),
            static_cast<uint8_t>(serial >> 16), static_cast<uint8_t>(serial >> 8),
            static_cast<uint8_t>(serial) };
        hex.replace(pupi, 4, toHexUpper(bytes));
    }
    const auto tck = hex.find("TCK");
    if (tck == std::string::npos) {
        return fromHex(hex);
    }
    hex.erase(tck);
    Bytes atr = fromHex(hex);
    uint8_t check = 0;
    for (size_t i = 1; i < atr.size(); ++i) {
        check ^= atr[i];
    }
    atr.push_back(check);
    return atr;
}

} // namespace tokenbridge::vtoken
