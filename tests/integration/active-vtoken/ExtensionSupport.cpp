#include "ExtensionSupport.hpp"

#include <PCSC/winscard.h>

#include <cstdlib>
#include <cstring>
#include <map>

namespace extension_test
{

namespace
{

    constexpr CK_ULONG KB = 1024;
    constexpr CK_ULONG USB = INTERFACE_TYPE_USB, BT = INTERFACE_TYPE_BT, ISO = INTERFACE_TYPE_ISO,
                       FKN = TOKEN_FLAGS_SUPPORT_FKN;

    const std::map<std::string, Expected> MODELS = {
        { "rutoken-s",
            { TOKEN_TYPE_RUTOKEN, TOKEN_CLASS_S, { 1, 0 }, { 1, 0 }, 0, USB, USB, "", 32 * KB,
                false } },
        { "rutoken-lite",
            { TOKEN_TYPE_RUTOKEN_LITE, TOKEN_CLASS_LITE, { 20, 0 }, { 20, 0 }, 0, USB, USB, "",
                64 * KB, false } },
        { "rutoken-ecp-2.0-2000",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 23, 0 }, 0, USB, USB, "",
                64 * KB, true } },
        { "rutoken-ecp-2.0-2100",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 54, 0 }, { 23, 2 }, 0, USB, USB, "",
                64 * KB, true } },
        { "rutoken-ecp-2.0-flash",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 24, 0 },
                TOKEN_FLAGS_HAS_FLASH_DRIVE, USB, USB, "", 64 * KB, true } },
        { "rutoken-ecp-bluetooth",
            { TOKEN_TYPE_RUTOKEN_ECPDUAL_BT, TOKEN_CLASS_ECP_BT, { 20, 0 }, { 23, 0 }, 0, BT,
                USB | BT, "", 64 * KB, true } },
        { "rutoken-2151",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 70, 0 }, { 32, 0 }, 0, USB, USB,
                "Рутокен 2151", 128 * KB, true } },
        { "smartcard-rutoken-2151",
            { TOKEN_TYPE_RUTOKEN_SC_JC, TOKEN_CLASS_ECP, { 70, 0 }, { 32, 0 }, 0, ISO, ISO,
                "Смарт-карта Рутокен 2151", 128 * KB, true } },
        { "rutoken-ecp-pki",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 71, 0 }, { 32, 0 }, 0, USB, USB,
                "Рутокен ЭЦП PKI", 128 * KB, true } },
        { "rutoken-ecp-2.0-3000",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 26, 0 }, FKN, USB, USB, "",
                64 * KB, true } },
        { "rutoken-ecp-3.0-3100",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 60, 0 }, { 30, 0 }, FKN, USB, USB, "",
                128 * KB, true } },
        { "rutoken-ecp-3.0-3220",
            { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 65, 0 }, { 30, 0 }, FKN, USB, USB, "",
                128 * KB, true } },
        { "smartcard-rutoken-ecp-2.0-2100",
            { TOKEN_TYPE_RUTOKEN_SC_JC, TOKEN_CLASS_ECP, { 54, 0 }, { 23, 2 }, 0, ISO, ISO, "",
                64 * KB, true } },
        { "rutoken-ecp-3.0-nfc-3100",
            { TOKEN_TYPE_RUTOKEN_ECP_NFC, TOKEN_CLASS_ECP, { 60, 0 }, { 30, 0 }, FKN, USB,
                USB | NFC, "", 128 * KB, true } },
        { "smartcard-rutoken-ecp-3.0-nfc-3100",
            { TOKEN_TYPE_RUTOKEN_SCDUAL_NFC, TOKEN_CLASS_ECP, { 60, 0 }, { 28, 0 }, FKN, ISO,
                ISO | NFC, "", 128 * KB, true } },
    };

} // namespace

Module* module;

std::string env(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    return value == nullptr ? "" : value;
}

std::vector<unsigned char> fromHex(const std::string& hex)
{
    std::vector<unsigned char> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<unsigned char>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

std::string trimmed(const unsigned char* field, size_t size)
{
    std::string text(reinterpret_cast<const char*>(field), size);
    return text.substr(0, text.find_last_not_of(' ') + 1);
}

CK_ATTRIBUTE ulongAttribute(CK_ATTRIBUTE_TYPE type, CK_ULONG& value)
{
    return { type, &value, sizeof value };
}

CK_SLOT_ID slotOf(const std::string& reader)
{
    CK_ULONG count = 0;
    EXPECT_EQ(module->p11->C_GetSlotList(CK_FALSE, nullptr, &count), CKR_OK);
    std::vector<CK_SLOT_ID> slots(count);
    EXPECT_EQ(module->p11->C_GetSlotList(CK_FALSE, slots.data(), &count), CKR_OK);
    for (const CK_SLOT_ID slot : slots) {
        CK_SLOT_INFO info;
        if (module->p11->C_GetSlotInfo(slot, &info) == CKR_OK
            && trimmed(info.slotDescription, sizeof info.slotDescription) == reader) {
            return slot;
        }
    }
    ADD_FAILURE() << "no slot for " << reader;
    return CK_UNAVAILABLE_INFORMATION;
}

std::vector<Token> tokens()
{
    std::vector<Token> out;
    const int count = std::atoi(env("VTOKEN_COUNT").c_str());
    for (int i = 0; i < count; ++i) {
        const std::string p = "VTOKEN_" + std::to_string(i) + "_";
        Token t { env(p + "MODEL"), env(p + "READER"), env(p + "SERIAL"), env(p + "CONNECTION"),
            fromHex(env(p + "ATR")) };
        t.slot = slotOf(t.reader);
        const auto it = MODELS.find(t.model);
        if (it == MODELS.end()) {
            ADD_FAILURE() << "no expectations for " << t.model;
            continue;
        }
        t.expected = &it->second;
        out.push_back(t);
    }
    EXPECT_FALSE(out.empty()) << "run under scripts/with-virtual-tokens.sh";
    return out;
}

// A raw APDU through pcsc-lite, for what the test checks on the card itself.
uint16_t transmit(const std::string& reader, const std::vector<unsigned char>& apdu)
{
    SCARDCONTEXT context = 0;
    EXPECT_EQ(
        SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context), SCARD_S_SUCCESS);
    SCARDHANDLE card = 0;
    DWORD protocol = 0;
    uint16_t sw = 0;
    if (SCardConnect(context, reader.c_str(), SCARD_SHARE_SHARED,
            SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol)
        == SCARD_S_SUCCESS) {
        unsigned char response[258];
        DWORD length = sizeof response;
        const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
        if (SCardTransmit(
                card, pci, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr, response, &length)
                == SCARD_S_SUCCESS
            && length >= 2) {
            sw = static_cast<uint16_t>(response[length - 2] << 8 | response[length - 1]);
        }
        SCardDisconnect(card, SCARD_LEAVE_CARD);
    }
    SCardReleaseContext(context);
    return sw;
}

std::vector<unsigned char> changeUserPin(const std::string& from, const std::string& to)
{
    std::vector<unsigned char> apdu { 0x00, 0x24, 0x00, 0x02,
        static_cast<unsigned char>(from.size() + to.size() + 4), 0x81,
        static_cast<unsigned char>(from.size()) };
    apdu.insert(apdu.end(), from.begin(), from.end());
    apdu.push_back(0x82);
    apdu.push_back(static_cast<unsigned char>(to.size()));
    apdu.insert(apdu.end(), to.begin(), to.end());
    return apdu;
}

CK_TOKEN_INFO_EXTENDED extendedInfo(CK_SLOT_ID slot, CK_ULONG size)
{
    CK_TOKEN_INFO_EXTENDED info;
    std::memset(&info, SENTINEL, sizeof info);
    info.ulSizeofThisStructure = size;
    EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(slot, &info), CKR_OK);
    return info;
}

} // namespace extension_test

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    extension_test::module = new extension_test::Module;
    ::testing::AddGlobalTestEnvironment(extension_test::module); // gtest owns it
    return RUN_ALL_TESTS();
}
