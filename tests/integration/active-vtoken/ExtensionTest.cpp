// Aktiv's PKCS#11 extension in libvtoken-pkcs11.so, checked through rtpkcs11t_public.h (the
// public layout, transcribed apart from the module's header) on every token that
// scripts/with-virtual-tokens.sh started: the extended function list, CK_TOKEN_INFO_EXTENDED
// field by field for the structure of every published size, C_GetTokenInfo's versions, the
// token-info hardware feature object, and certificates and data objects (on Rutoken S and Lite
// kept in the card's file system). The expected values are the model table of Aktiv's own apps
// as docs/vtoken.md "Models" transcribes it, not the emulator's catalog.
// EXPECT_TOKEN_INFO=visible|hidden: whether vtoken's own GET DATA token-info object is there
// (--hide-token-info); the module must answer the same either way.
#include "rtpkcs11t_public.h"

#include <gtest/gtest.h>

#include <PCSC/winscard.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace
{

struct Expected
{
    CK_ULONG tokenType, tokenClass;
    CK_VERSION hw, fw;
    CK_ULONG modelFlags; // FKN, flash drive
    CK_ULONG contactInterface, supportedInterfaces;
    const char* name; // "" below firmware 32
    CK_ULONG memory;
    bool crypto;
};

constexpr CK_ULONG KB = 1024;
constexpr CK_ULONG USB = INTERFACE_TYPE_USB, BT = INTERFACE_TYPE_BT, ISO = INTERFACE_TYPE_ISO,
                   NFC = INTERFACE_TYPE_NFC_TYPE_B, FKN = TOKEN_FLAGS_SUPPORT_FKN;

const std::map<std::string, Expected> MODELS = {
    { "rutoken-s",
        { TOKEN_TYPE_RUTOKEN, TOKEN_CLASS_S, { 1, 0 }, { 1, 0 }, 0, USB, USB, "", 32 * KB,
            false } },
    { "rutoken-lite",
        { TOKEN_TYPE_RUTOKEN_LITE, TOKEN_CLASS_LITE, { 20, 0 }, { 20, 0 }, 0, USB, USB, "", 64 * KB,
            false } },
    { "rutoken-ecp-2.0-2000",
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 23, 0 }, 0, USB, USB, "", 64 * KB,
            true } },
    { "rutoken-ecp-2.0-2100",
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 54, 0 }, { 23, 2 }, 0, USB, USB, "", 64 * KB,
            true } },
    { "rutoken-ecp-2.0-flash",
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 24, 0 },
            TOKEN_FLAGS_HAS_FLASH_DRIVE, USB, USB, "", 64 * KB, true } },
    { "rutoken-ecp-bluetooth",
        { TOKEN_TYPE_RUTOKEN_ECPDUAL_BT, TOKEN_CLASS_ECP_BT, { 20, 0 }, { 23, 0 }, 0, BT, USB | BT,
            "", 64 * KB, true } },
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
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 20, 0 }, { 26, 0 }, FKN, USB, USB, "", 64 * KB,
            true } },
    { "rutoken-ecp-3.0-3100",
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 60, 0 }, { 30, 0 }, FKN, USB, USB, "",
            128 * KB, true } },
    { "rutoken-ecp-3.0-3220",
        { TOKEN_TYPE_RUTOKEN_ECP, TOKEN_CLASS_ECP, { 65, 0 }, { 30, 0 }, FKN, USB, USB, "",
            128 * KB, true } },
    { "smartcard-rutoken-ecp-2.0-2100",
        { TOKEN_TYPE_RUTOKEN_SC_JC, TOKEN_CLASS_ECP, { 54, 0 }, { 23, 2 }, 0, ISO, ISO, "", 64 * KB,
            true } },
    { "rutoken-ecp-3.0-nfc-3100",
        { TOKEN_TYPE_RUTOKEN_ECP_NFC, TOKEN_CLASS_ECP, { 60, 0 }, { 30, 0 }, FKN, USB, USB | NFC,
            "", 128 * KB, true } },
    { "smartcard-rutoken-ecp-3.0-nfc-3100",
        { TOKEN_TYPE_RUTOKEN_SCDUAL_NFC, TOKEN_CLASS_ECP, { 60, 0 }, { 28, 0 }, FKN, ISO, ISO | NFC,
            "", 128 * KB, true } },
};

// The run's vtokens are started with --max-retries 7 (CMakeLists.txt).
constexpr CK_ULONG MAX_TRIES = 7;
constexpr unsigned char SENTINEL = 0xA5;

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

// The module, loaded once for the process, and its two function lists.
class Module : public ::testing::Environment
{
public:
    void SetUp() override
    {
        handle = dlopen(TOKENBRIDGE_VTOKEN_MODULE, RTLD_NOW | RTLD_LOCAL);
        ASSERT_NE(handle, nullptr) << dlerror();
        auto getList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle, "C_GetFunctionList"));
        getExtended = reinterpret_cast<CK_C_EX_GetFunctionListExtended>(
            dlsym(handle, "C_EX_GetFunctionListExtended"));
        ASSERT_NE(getList, nullptr);
        ASSERT_NE(getExtended, nullptr) << "C_EX_GetFunctionListExtended is not exported";
        ASSERT_EQ(getList(&p11), CKR_OK);
        ASSERT_EQ(getExtended(&ex), CKR_OK);
        ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    }
    void TearDown() override
    {
        if (p11 != nullptr) {
            p11->C_Finalize(nullptr);
        }
        // Not dlclose()d: the module's static state outlives the test by design.
    }

    void* handle = nullptr;
    CK_C_EX_GetFunctionListExtended getExtended = nullptr;
    CK_FUNCTION_LIST* p11 = nullptr;
    CK_FUNCTION_LIST_EXTENDED* ex = nullptr;
};

Module* module;

struct Token
{
    std::string model, reader, serial, connection;
    std::vector<unsigned char> atr;
    CK_SLOT_ID slot = 0;
    const Expected* expected = nullptr;
};

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

CK_TOKEN_INFO_EXTENDED extendedInfo(CK_SLOT_ID slot, CK_ULONG size = sizeof(CK_TOKEN_INFO_EXTENDED))
{
    CK_TOKEN_INFO_EXTENDED info;
    std::memset(&info, SENTINEL, sizeof info);
    info.ulSizeofThisStructure = size;
    EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(slot, &info), CKR_OK);
    return info;
}

// Every field of a full structure, against the model and the run.
void checkFields(const Token& t, const CK_TOKEN_INFO_EXTENDED& info, CK_ULONG flags,
    CK_ULONG userLeft, CK_ULONG adminLeft)
{
    const Expected& e = *t.expected;
    EXPECT_EQ(info.ulSizeofThisStructure, sizeof(CK_TOKEN_INFO_EXTENDED));
    EXPECT_EQ(info.ulTokenType, e.tokenType);
    EXPECT_EQ(info.ulProtocolNumber, 0u);
    EXPECT_EQ(info.ulMicrocodeNumber, 0u);
    EXPECT_EQ(info.ulOrderNumber, 0u);
    EXPECT_EQ(info.flags,
        e.modelFlags | flags | TOKEN_FLAGS_ADMIN_CHANGE_USER_PIN | TOKEN_FLAGS_USER_CHANGE_USER_PIN
            | TOKEN_FLAGS_FW_CHECKSUM_UNAVAILIBLE);
    EXPECT_EQ(info.ulMaxAdminPinLen, 32u);
    EXPECT_EQ(info.ulMinAdminPinLen, 6u);
    EXPECT_EQ(info.ulMaxUserPinLen, 32u);
    EXPECT_EQ(info.ulMinUserPinLen, 6u);
    EXPECT_EQ(info.ulMaxAdminRetryCount, MAX_TRIES);
    EXPECT_EQ(info.ulAdminRetryCountLeft, adminLeft);
    EXPECT_EQ(info.ulMaxUserRetryCount, MAX_TRIES);
    EXPECT_EQ(info.ulUserRetryCountLeft, userLeft);
    const auto serial = fromHex("00000000" + t.serial);
    EXPECT_TRUE(std::equal(serial.begin(), serial.end(), info.serialNumber)) << "big-endian";
    EXPECT_EQ(info.ulTotalMemory, e.memory);
    EXPECT_LE(info.ulFreeMemory, info.ulTotalMemory);
    EXPECT_GT(info.ulFreeMemory, 0u);
    ASSERT_EQ(info.ulATRLen, t.atr.size());
    EXPECT_TRUE(std::equal(t.atr.begin(), t.atr.end(), info.ATR)) << "the ATR PC/SC reports";
    EXPECT_TRUE(std::all_of(
        info.ATR + info.ulATRLen, info.ATR + sizeof info.ATR, [](CK_BYTE b) { return b == 0; }));
    EXPECT_EQ(info.ulTokenClass, e.tokenClass);
    EXPECT_EQ(info.ulBatteryVoltage, 0u);
    EXPECT_EQ(info.ulBodyColor, 0u);
    EXPECT_EQ(info.ulFirmwareChecksum, 0u);
    EXPECT_EQ(info.ulBatteryPercentage, 0u);
    EXPECT_EQ(info.ulBatteryFlags, 0u);
}

bool untouchedFrom(const CK_TOKEN_INFO_EXTENDED& info, size_t offset)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(&info);
    return std::all_of(
        bytes + offset, bytes + sizeof info, [](unsigned char b) { return b == SENTINEL; });
}

} // namespace

TEST(Extension, FunctionListHasEverySlotInAktivsOrder)
{
    CK_FUNCTION_LIST_EXTENDED* ex = module->ex;
    EXPECT_EQ(ex->version.major, 2);
    EXPECT_EQ(ex->version.minor, 40);
    // The implemented functions sit where the public layout has them.
    EXPECT_EQ(reinterpret_cast<void*>(ex->C_EX_GetFunctionListExtended),
        dlsym(module->handle, "C_EX_GetFunctionListExtended"));
    EXPECT_EQ(reinterpret_cast<void*>(ex->C_EX_GetTokenInfoExtended),
        dlsym(module->handle, "C_EX_GetTokenInfoExtended"));
    CK_FUNCTION_LIST_EXTENDED* again = nullptr;
    EXPECT_EQ(ex->C_EX_GetFunctionListExtended(&again), CKR_OK);
    EXPECT_EQ(again, ex);
    EXPECT_EQ(ex->C_EX_GetFunctionListExtended(nullptr), CKR_ARGUMENTS_BAD);
    // Every other slot is there and says so.
    const CK_RV NS = CKR_FUNCTION_NOT_SUPPORTED;
    EXPECT_EQ(ex->C_EX_InitToken(0, nullptr, 0, nullptr), NS);
    EXPECT_EQ(ex->C_EX_UnblockUserPIN(0), NS);
    EXPECT_EQ(ex->C_EX_SetTokenName(0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_SetLicense(0, 0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_GetLicense(0, 0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_GetCertificateInfoText(0, 0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_PKCS7Sign(0, nullptr, 0, 0, nullptr, nullptr, 0, nullptr, 0, 0), NS);
    EXPECT_EQ(
        ex->C_EX_CreateCSR(0, 0, nullptr, 0, nullptr, nullptr, 0, nullptr, 0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_FreeBuffer(nullptr), NS);
    EXPECT_EQ(ex->C_EX_GetTokenName(0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_SetLocalPIN(0, nullptr, 0, nullptr, 0, 0), NS);
    EXPECT_EQ(ex->C_EX_LoadActivationKey(0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_SetActivationPassword(0, nullptr), NS);
    EXPECT_EQ(ex->C_EX_GetVolumesInfo(0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_GetDriveSize(0, nullptr), NS);
    EXPECT_EQ(ex->C_EX_ChangeVolumeAttributes(0, 0, nullptr, 0, 0, 0, 0), NS);
    EXPECT_EQ(ex->C_EX_FormatDrive(0, 0, nullptr, 0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_TokenManage(0, 0, nullptr), NS);
    EXPECT_EQ(ex->C_EX_GenerateActivationPassword(0, 0, nullptr, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_GetJournal(0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_SignInvisibleInit(0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_SignInvisible(0, nullptr, 0, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_SlotManage(0, 0, nullptr), NS);
    EXPECT_EQ(
        ex->C_EX_WrapKey(0, nullptr, nullptr, 0, nullptr, 0, nullptr, nullptr, nullptr, nullptr),
        NS);
    EXPECT_EQ(ex->C_EX_UnwrapKey(0, nullptr, 0, nullptr, nullptr, 0, nullptr, 0, nullptr), NS);
    EXPECT_EQ(ex->C_EX_PKCS7VerifyInit(0, nullptr, 0, nullptr, 0, 0), NS);
    EXPECT_EQ(ex->C_EX_PKCS7Verify(0, nullptr, nullptr, nullptr, nullptr), NS);
    EXPECT_EQ(ex->C_EX_PKCS7VerifyUpdate(0, nullptr, 0), NS);
    EXPECT_EQ(ex->C_EX_PKCS7VerifyFinal(0, nullptr, nullptr), NS);
}

TEST(Extension, TokenInfoObjectIsAsTheRunSays)
{
    const std::string expect = env("EXPECT_TOKEN_INFO");
    ASSERT_TRUE(expect == "visible" || expect == "hidden") << "EXPECT_TOKEN_INFO";
    for (const Token& t : tokens()) {
        EXPECT_EQ(transmit(t.reader, { 0x00, 0xCA, 0x01, 0x81, 0x00 }),
            expect == "hidden" ? 0x6A88 : 0x9000)
            << t.model;
    }
}

TEST(Extension, TokenInfoVersionsFollowAktivsModelTable)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model);
        CK_TOKEN_INFO info;
        ASSERT_EQ(module->p11->C_GetTokenInfo(t.slot, &info), CKR_OK);
        EXPECT_EQ(info.hardwareVersion.major, t.expected->hw.major);
        EXPECT_EQ(info.hardwareVersion.minor, t.expected->hw.minor);
        EXPECT_EQ(info.firmwareVersion.major, t.expected->fw.major);
        EXPECT_EQ(info.firmwareVersion.minor, t.expected->fw.minor);
        EXPECT_EQ(trimmed(info.serialNumber, sizeof info.serialNumber), "00000000" + t.serial);
        CK_ULONG mechanisms = 0;
        ASSERT_EQ(module->p11->C_GetMechanismList(t.slot, nullptr, &mechanisms), CKR_OK);
        EXPECT_EQ(mechanisms > 0, t.expected->crypto) << "no key mechanisms on S and Lite";
    }
}

TEST(Extension, ExtendedTokenInfoFieldByField)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model + " " + t.connection);
        checkFields(t, extendedInfo(t.slot), 0, MAX_TRIES, MAX_TRIES);

        // Counters from the card: one wrong user PIN, two wrong admin PINs.
        CK_SESSION_HANDLE session;
        ASSERT_EQ(module->p11->C_OpenSession(
                      t.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session),
            CKR_OK);
        CK_UTF8CHAR wrong[] = "00000000";
        EXPECT_EQ(module->p11->C_Login(session, CKU_USER, wrong, 8), CKR_PIN_INCORRECT);
        EXPECT_EQ(module->p11->C_Login(session, CKU_SO, wrong, 8), CKR_PIN_INCORRECT);
        EXPECT_EQ(module->p11->C_Login(session, CKU_SO, wrong, 8), CKR_PIN_INCORRECT);
        checkFields(t, extendedInfo(t.slot), 0, MAX_TRIES - 1, MAX_TRIES - 2);
        EXPECT_EQ(module->p11->C_CloseSession(session), CKR_OK);

        // A user PIN that is no longer the factory one (changed on the card directly).
        ASSERT_EQ(transmit(t.reader, changeUserPin("12345678", "11223344")), 0x9000);
        checkFields(
            t, extendedInfo(t.slot), TOKEN_FLAGS_USER_PIN_NOT_DEFAULT, MAX_TRIES, MAX_TRIES - 2);
        ASSERT_EQ(transmit(t.reader, changeUserPin("11223344", "12345678")), 0x9000);
    }
}

TEST(Extension, SmallerStructuresOfOlderHeadersGetWhatFits)
{
    // The published sizes: up to ulTokenClass, + ulBatteryVoltage and ulBodyColor,
    // + ulFirmwareChecksum, + ulBatteryPercentage and ulBatteryFlags (today's).
    const size_t sizes[] = { offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryVoltage),
        offsetof(CK_TOKEN_INFO_EXTENDED, ulFirmwareChecksum),
        offsetof(CK_TOKEN_INFO_EXTENDED, ulBatteryPercentage) };
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model);
        const auto full = extendedInfo(t.slot);
        for (const size_t size : sizes) {
            const auto info = extendedInfo(t.slot, size);
            EXPECT_EQ(info.ulSizeofThisStructure, size);
            EXPECT_TRUE(untouchedFrom(info, size)) << size;
            EXPECT_EQ(info.ulTokenClass, full.ulTokenClass);
            EXPECT_EQ(std::memcmp(info.serialNumber, full.serialNumber, 8), 0);
        }
        // Between two fields: only the whole fields before.
        const size_t between = offsetof(CK_TOKEN_INFO_EXTENDED, ulBodyColor) + 3;
        const auto cut = extendedInfo(t.slot, between);
        EXPECT_EQ(cut.ulSizeofThisStructure, offsetof(CK_TOKEN_INFO_EXTENDED, ulBodyColor));
        EXPECT_TRUE(untouchedFrom(cut, offsetof(CK_TOKEN_INFO_EXTENDED, ulBodyColor)));
        // A newer caller's bigger structure: ours, and its size.
        struct Bigger
        {
            CK_TOKEN_INFO_EXTENDED info;
            unsigned char more[16];
        } bigger;
        std::memset(&bigger, SENTINEL, sizeof bigger);
        bigger.info.ulSizeofThisStructure = sizeof bigger;
        ASSERT_EQ(module->ex->C_EX_GetTokenInfoExtended(t.slot, &bigger.info), CKR_OK);
        EXPECT_EQ(bigger.info.ulSizeofThisStructure, sizeof(CK_TOKEN_INFO_EXTENDED));
        EXPECT_TRUE(std::all_of(std::begin(bigger.more), std::end(bigger.more),
            [](unsigned char b) { return b == SENTINEL; }));
        // What no header ever had.
        CK_TOKEN_INFO_EXTENDED small;
        small.ulSizeofThisStructure = sizes[0] - 1;
        EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(t.slot, &small), CKR_ARGUMENTS_BAD);
        small.ulSizeofThisStructure = 0;
        EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(t.slot, &small), CKR_ARGUMENTS_BAD);
        EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(t.slot, nullptr), CKR_ARGUMENTS_BAD);
    }
    CK_TOKEN_INFO_EXTENDED info;
    info.ulSizeofThisStructure = sizeof info;
    EXPECT_EQ(module->ex->C_EX_GetTokenInfoExtended(0xDEAD, &info), CKR_SLOT_ID_INVALID);
}

TEST(Extension, HardwareFeatureObjectNamesTheModelAndItsInterfaces)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model + " " + t.connection);
        CK_SESSION_HANDLE session;
        ASSERT_EQ(module->p11->C_OpenSession(
                      t.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session),
            CKR_OK);
        CK_OBJECT_CLASS cls = CKO_HW_FEATURE;
        CK_HW_FEATURE_TYPE type = CKH_VENDOR_TOKEN_INFO;
        CK_ATTRIBUTE filter[] = { ulongAttribute(CKA_CLASS, cls),
            ulongAttribute(CKA_HW_FEATURE_TYPE, type) };
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, filter, 2), CKR_OK);
        CK_OBJECT_HANDLE found[4];
        CK_ULONG count = 0;
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 4, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        ASSERT_EQ(count, 1u);
        const CK_OBJECT_HANDLE feature = found[0];

        CK_ULONG current = 0, supported = 0;
        CK_ATTRIBUTE interfaces[] = { ulongAttribute(CKA_VENDOR_CURRENT_TOKEN_INTERFACE, current),
            ulongAttribute(CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE, supported) };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, feature, interfaces, 2), CKR_OK);
        EXPECT_EQ(current, t.connection == "nfc" ? NFC : t.expected->contactInterface);
        EXPECT_EQ(supported, t.expected->supportedInterfaces);

        CK_ATTRIBUTE name = { CKA_VENDOR_MODEL_NAME, nullptr, 0 };
        const CK_RV rv = module->p11->C_GetAttributeValue(session, feature, &name, 1);
        if (*t.expected->name == '\0') {
            EXPECT_EQ(rv, CKR_ATTRIBUTE_TYPE_INVALID) << "a name only from firmware 32";
        } else {
            ASSERT_EQ(rv, CKR_OK);
            std::string value(name.ulValueLen, '\0');
            name.pValue = value.data();
            ASSERT_EQ(module->p11->C_GetAttributeValue(session, feature, &name, 1), CKR_OK);
            EXPECT_EQ(value, t.expected->name);
        }

        // Unknown to clients that do not ask for it, and read-only.
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, nullptr, 0), CKR_OK);
        CK_OBJECT_HANDLE all[128];
        ASSERT_EQ(module->p11->C_FindObjects(session, all, 128, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        EXPECT_EQ(std::count(all, all + count, feature), 0);
        EXPECT_EQ(module->p11->C_DestroyObject(session, feature), CKR_ACTION_PROHIBITED);
        EXPECT_EQ(module->p11->C_SetAttributeValue(session, feature, interfaces, 1),
            CKR_ATTRIBUTE_READ_ONLY);
        EXPECT_EQ(module->p11->C_CloseSession(session), CKR_OK);
    }
}

TEST(Extension, CertificatesAndDataObjectsOnEveryModel)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model);
        CK_SESSION_HANDLE session;
        ASSERT_EQ(module->p11->C_OpenSession(
                      t.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session),
            CKR_OK);
        CK_UTF8CHAR pin[] = "12345678";
        ASSERT_EQ(module->p11->C_Login(session, CKU_USER, pin, 8), CKR_OK);
        const CK_ULONG freeBefore = extendedInfo(t.slot).ulFreeMemory;

        CK_OBJECT_CLASS dataClass = CKO_DATA, certClass = CKO_CERTIFICATE;
        CK_CERTIFICATE_TYPE x509 = CKC_X_509;
        CK_BBOOL yes = CK_TRUE;
        char label[] = "tokenbridge data", application[] = "extension test";
        std::vector<unsigned char> value(600, 0x5A); // over 255 bytes: extended APDUs
        CK_ATTRIBUTE data[] = { ulongAttribute(CKA_CLASS, dataClass), { CKA_TOKEN, &yes, 1 },
            { CKA_LABEL, label, sizeof label - 1 },
            { CKA_APPLICATION, application, sizeof application - 1 },
            { CKA_VALUE, value.data(), value.size() } };
        CK_OBJECT_HANDLE dataObject = 0, cert = 0;
        ASSERT_EQ(module->p11->C_CreateObject(session, data, 5, &dataObject), CKR_OK);
        unsigned char certValue[] = { 0x30, 0x03, 0x02, 0x01, 0x01 }, id[] = { 0x42 };
        CK_ATTRIBUTE certificate[] = { ulongAttribute(CKA_CLASS, certClass),
            ulongAttribute(CKA_CERTIFICATE_TYPE, x509), { CKA_VALUE, certValue, sizeof certValue },
            { CKA_ID, id, 1 } };
        ASSERT_EQ(module->p11->C_CreateObject(session, certificate, 4, &cert), CKR_OK);
        CK_ATTRIBUTE privateData[] = { ulongAttribute(CKA_CLASS, dataClass),
            { CKA_PRIVATE, &yes, 1 } };
        CK_OBJECT_HANDLE refused = 0;
        EXPECT_EQ(module->p11->C_CreateObject(session, privateData, 2, &refused),
            CKR_ATTRIBUTE_VALUE_INVALID)
            << "every field is readable without a PIN";

        // Found by class, read back whole.
        CK_ATTRIBUTE byClass[] = { ulongAttribute(CKA_CLASS, dataClass) };
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, byClass, 1), CKR_OK);
        CK_OBJECT_HANDLE found[8];
        CK_ULONG count = 0;
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 8, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        ASSERT_EQ(count, 1u);
        EXPECT_EQ(found[0], dataObject);
        std::vector<unsigned char> readValue(value.size());
        char readApp[sizeof application - 1];
        CK_OBJECT_CLASS readClass = 0;
        CK_ATTRIBUTE read[] = { ulongAttribute(CKA_CLASS, readClass),
            { CKA_VALUE, readValue.data(), readValue.size() },
            { CKA_APPLICATION, readApp, sizeof readApp } };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, read, 3), CKR_OK);
        EXPECT_EQ(readClass, CKO_DATA);
        EXPECT_EQ(readValue, value);
        EXPECT_EQ(std::string(readApp, sizeof readApp), application);
        CK_ATTRIBUTE certId = { CKA_ID, nullptr, 0 };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, cert, &certId, 1), CKR_OK);
        EXPECT_EQ(certId.ulValueLen, 1u);

        // On S and Lite the objects are files: the card's free memory shows them.
        const CK_ULONG freeWith = extendedInfo(t.slot).ulFreeMemory;
        EXPECT_EQ(freeWith < freeBefore, !t.expected->crypto) << freeBefore << " " << freeWith;

        char relabel[] = "renamed";
        CK_ATTRIBUTE newLabel[] = { { CKA_LABEL, relabel, sizeof relabel - 1 } };
        ASSERT_EQ(module->p11->C_SetAttributeValue(session, dataObject, newLabel, 1), CKR_OK);
        char readLabel[sizeof relabel - 1];
        CK_ATTRIBUTE labelNow = { CKA_LABEL, readLabel, sizeof readLabel };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, &labelNow, 1), CKR_OK);
        EXPECT_EQ(std::string(readLabel, sizeof readLabel), "renamed");
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, read, 3), CKR_OK);
        EXPECT_EQ(readValue, value) << "the value survives a relabel";

        ASSERT_EQ(module->p11->C_DestroyObject(session, dataObject), CKR_OK);
        ASSERT_EQ(module->p11->C_DestroyObject(session, cert), CKR_OK);
        CK_ATTRIBUTE gone = { CKA_CLASS, &readClass, sizeof readClass };
        EXPECT_EQ(module->p11->C_GetAttributeValue(session, dataObject, &gone, 1),
            CKR_OBJECT_HANDLE_INVALID);
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, byClass, 1), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 8, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        EXPECT_EQ(count, 0u);
        EXPECT_EQ(extendedInfo(t.slot).ulFreeMemory > freeWith, !t.expected->crypto)
            << "the object files are deleted";
        EXPECT_EQ(module->p11->C_Logout(session), CKR_OK);
        EXPECT_EQ(module->p11->C_CloseSession(session), CKR_OK);
    }
}

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    module = new Module;
    ::testing::AddGlobalTestEnvironment(module); // gtest owns it
    return RUN_ALL_TESTS();
}
