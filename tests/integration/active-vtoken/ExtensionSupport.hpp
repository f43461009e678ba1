// What the tests of Aktiv's extension in libvtoken-pkcs11.so share (ExtensionTest.cpp,
// ExtensionObjectsTest.cpp): the module loaded through rtpkcs11t_public.h (the public layout,
// transcribed apart from the module's header), the tokens scripts/with-virtual-tokens.sh started,
// and what each model must answer. The expected values are the model table of Aktiv's own apps
// as docs/vtoken.md "Models" transcribes it, not the emulator's catalog.
#pragma once

#include "rtpkcs11t_public.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <string>
#include <vector>

namespace extension_test
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

inline constexpr CK_ULONG NFC = INTERFACE_TYPE_NFC_TYPE_B;

// The run's vtokens are started with --max-retries 7 (CMakeLists.txt).
inline constexpr CK_ULONG MAX_TRIES = 7;
// What a structure is filled with before a call, to see what the module wrote.
inline constexpr unsigned char SENTINEL = 0xA5;

std::string env(const std::string& name);
std::vector<unsigned char> fromHex(const std::string& hex);
// A blank-padded Cryptoki text field without its padding.
std::string trimmed(const unsigned char* field, size_t size);
CK_ATTRIBUTE ulongAttribute(CK_ATTRIBUTE_TYPE type, CK_ULONG& value);

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

extern Module* module;

struct Token
{
    std::string model, reader, serial, connection;
    std::vector<unsigned char> atr;
    CK_SLOT_ID slot = 0;
    const Expected* expected = nullptr;
};

// One per token of the run, with its slot and its model's expectations.
std::vector<Token> tokens();
// A raw APDU through pcsc-lite, for what the test checks on the card itself: the status word.
uint16_t transmit(const std::string& reader, const std::vector<unsigned char>& apdu);
// CHANGE REFERENCE DATA of the user PIN.
std::vector<unsigned char> changeUserPin(const std::string& from, const std::string& to);
// C_EX_GetTokenInfoExtended into a SENTINEL-filled structure of the given size.
CK_TOKEN_INFO_EXTENDED extendedInfo(
    CK_SLOT_ID slot, CK_ULONG size = sizeof(CK_TOKEN_INFO_EXTENDED));

} // namespace extension_test
