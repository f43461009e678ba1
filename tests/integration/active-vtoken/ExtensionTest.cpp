// Aktiv's PKCS#11 extension in libvtoken-pkcs11.so, checked through rtpkcs11t_public.h on every
// token of the run (ExtensionSupport.hpp): the extended function list, C_GetTokenInfo's versions,
// CK_TOKEN_INFO_EXTENDED field by field for the structure of every published size.
// EXPECT_TOKEN_INFO=visible|hidden: whether vtoken's own GET DATA token-info object is there
// (--hide-token-info); the module must answer the same either way.
#include "ExtensionSupport.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

using namespace extension_test;

namespace
{

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
