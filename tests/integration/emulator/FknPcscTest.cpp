// FKN mode of a real vtoken over pcscd + vpcd (docs/fkn.md §2): SESPAKE and protected APDUs,
// FKN key marking, a SESPAKE block that survives a restart (also SIGKILL), the
// --tamper-sm-response and --apdu-record hooks. Host side = tb_fkn role A over PC/SC.
#include "PcscSupport.hpp"

#include "fkn/FknHostSession.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::test;

namespace
{

const std::string PIN = "12345678";
const std::string PIN_HEX = "3132333435363738";

class FknPcsc : public ::testing::Test
{
protected:
    void start(std::vector<std::string> extra = {})
    {
        std::vector<std::string> args { "--model", "rutoken-ecp-3.0-3220", "--state", state.path(),
            "--port", port, "--max-retries", "3" };
        args.insert(args.end(), extra.begin(), extra.end());
        token = std::make_unique<VtokenProcess>(args);
        ASSERT_TRUE(context.waitFor(reader, true)) << "token did not come up";
        card = std::make_unique<Connection>(context, reader);
    }
    void stop(int signal = SIGTERM)
    {
        card.reset();
        token->stop(signal);
        token.reset();
        ASSERT_TRUE(context.waitFor(reader, false, 3000));
    }
    fkn::Transmit transmit()
    {
        return [this](ByteView apdu) { return card->transmit(Bytes(apdu.begin(), apdu.end())); };
    }
    fkn::SecureChannel open(const std::string& pin = PIN)
    {
        return fkn::openFknSession(transmit(), asBytes(pin));
    }
    // The error a SESPAKE run with `pin` ends with (OK = none), and PIN_INCORRECT's tries left.
    std::pair<ErrorCode, int> sespake(const std::string& pin)
    {
        try {
            open(pin);
            return { ErrorCode::INTERNAL_ERROR, -1 };
        } catch (const Error& e) {
            const auto& d = e.details();
            return { e.code(), d.is_object() ? d.value("retriesLeft", -1) : -1 };
        }
    }
    ResponseApdu send(fkn::SecureChannel& channel, const std::string& hex)
    {
        return fkn::transmitProtected(
            channel, transmit(), CommandApdu::parse(fromHex(hex)).value());
    }

    TempDir state;
    std::string port = env("VTOKEN_SPARE_0_PORT");
    std::string reader = env("VTOKEN_SPARE_0_READER");
    Context context;
    std::unique_ptr<VtokenProcess> token;
    std::unique_ptr<Connection> card;
};

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// libvtoken-pkcs11.so, loaded as an application does.
class Module
{
public:
    Module() : _handle(dlopen(env("VTOKEN_PKCS11_MODULE").c_str(), RTLD_NOW))
    {
        if (_handle == nullptr) {
            throw std::runtime_error("cannot load the PKCS#11 module");
        }
        auto get = reinterpret_cast<CK_C_GetFunctionList>(dlsym(_handle, "C_GetFunctionList"));
        if (get == nullptr || get(&f) != CKR_OK || f->C_Initialize(nullptr) != CKR_OK) {
            throw std::runtime_error("cannot initialize the PKCS#11 module");
        }
    }
    ~Module()
    {
        f->C_Finalize(nullptr);
        dlclose(_handle);
    }
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    // The slot whose description is the reader's name.
    CK_SLOT_ID slotOf(const std::string& reader)
    {
        CK_ULONG count = 0;
        EXPECT_EQ(f->C_GetSlotList(CK_TRUE, nullptr, &count), CKR_OK); // also finds readers
        CK_SLOT_ID slots[16];
        count = 16;
        EXPECT_EQ(f->C_GetSlotList(CK_TRUE, slots, &count), CKR_OK);
        for (CK_ULONG i = 0; i < count; ++i) {
            CK_SLOT_INFO info {};
            f->C_GetSlotInfo(slots[i], &info);
            const std::string description(reinterpret_cast<char*>(info.slotDescription), 64);
            if (description.rfind(reader, 0) == 0) {
                return slots[i];
            }
        }
        throw std::runtime_error("no slot for " + reader);
    }

    CK_FUNCTION_LIST* f = nullptr;

private:
    void* _handle;
};

} // namespace

TEST_F(FknPcsc, SessionProtectedCommandsAndFknKey)
{
    start();
    auto channel = open();
    const auto info = send(channel, "00CA018100");
    ASSERT_EQ(info.sw, 0x9000);
    // GENERATE KEY PAIR inside the channel (no plain VERIFY): marked FKN.
    const auto generated =
        send(channel, "8046000016800101810906072A850302022301C1026B31C202010200");
    ASSERT_EQ(generated.sw, 0x9000);
    ASSERT_GE(generated.data.size(), 3u);
    const uint8_t ref = generated.data[2];
    EXPECT_EQ(toHexUpper(send(channel, "805D00" + toHexUpper(Bytes { ref }) + "00").data),
        "800101810100");
    // Plain: listed with 92 01 01, unusable for signing.
    const std::string refHex = toHexUpper(Bytes { ref });
    EXPECT_EQ(
        toHexUpper(card->transmit(fromHex("8048000000"))), "9001" + refHex + "9101019201019000");
    ASSERT_EQ(card->sw("0020000208" + PIN_HEX), 0x9000);
    EXPECT_EQ(card->sw("002241B6038401" + refHex), 0x6982);
    stop();
}

TEST_F(FknPcsc, SespakeBlockSurvivesRestart)
{
    start();
    EXPECT_EQ(sespake("00000000"), std::make_pair(ErrorCode::PIN_INCORRECT, 2));
    stop(SIGKILL); // the counter was written before the answer
    start();
    EXPECT_EQ(card->sw("00200002"), 0x63C2);
    EXPECT_EQ(sespake("00000000"), std::make_pair(ErrorCode::PIN_INCORRECT, 1));
    EXPECT_EQ(sespake("00000000"), std::make_pair(ErrorCode::PIN_INCORRECT, 0));
    stop();
    start();
    EXPECT_EQ(sespake(PIN).first, ErrorCode::PIN_BLOCKED);
    EXPECT_EQ(card->sw("0020000208" + PIN_HEX), 0x6983);
    stop();
}

TEST_F(FknPcsc, TamperedResponseIsDetected)
{
    start({ "--tamper-sm-response", "2" });
    auto channel = open();
    EXPECT_EQ(send(channel, "00CA018100").sw, 0x9000);
    EXPECT_THROW(send(channel, "00CA018100"), Error);
    auto next = open();
    EXPECT_EQ(send(next, "00CA018100").sw, 0x9000);
    stop();
}

TEST_F(FknPcsc, RecordShowsNoPinInsideFknSessions)
{
    const std::string record = state.path() + "/../fkn-record-" + port + ".log";
    start({ "--apdu-record", record });
    {
        auto channel = open();
        ASSERT_EQ(send(channel, "00200002").sw, 0x63C3);
    }
    const std::string sessionOnly = readFile(record);
    EXPECT_NE(sessionOnly.find("> 805A0002"), std::string::npos);
    EXPECT_EQ(sessionOnly.find(PIN_HEX), std::string::npos);
    // The recorder withholds nothing: a plain VERIFY shows its PIN.
    ASSERT_EQ(card->sw("0020000208" + PIN_HEX), 0x9000);
    EXPECT_NE(readFile(record).find(PIN_HEX), std::string::npos);
    stop();
    std::remove(record.c_str());
}

TEST_F(FknPcsc, Pkcs11ModuleListsFknKeyButCannotUseIt)
{
    start();
    {
        auto channel = open();
        ASSERT_EQ(
            send(channel, "8046000016800101810906072A850302022301C1026B31C202010200").sw, 0x9000);
    }
    card.reset(); // the module has the reader to itself
    Module module;
    CK_SESSION_HANDLE session = 0;
    ASSERT_EQ(module.f->C_OpenSession(module.slotOf(reader), CKF_SERIAL_SESSION | CKF_RW_SESSION,
                  nullptr, nullptr, &session),
        CKR_OK);
    std::string pin = PIN;
    ASSERT_EQ(module.f->C_Login(
                  session, CKU_USER, reinterpret_cast<CK_UTF8CHAR*>(pin.data()), pin.size()),
        CKR_OK);
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE query[] = { { CKA_CLASS, &cls, sizeof cls } };
    ASSERT_EQ(module.f->C_FindObjectsInit(session, query, 1), CKR_OK);
    CK_OBJECT_HANDLE key = 0;
    CK_ULONG found = 0;
    ASSERT_EQ(module.f->C_FindObjects(session, &key, 1, &found), CKR_OK);
    module.f->C_FindObjectsFinal(session);
    ASSERT_EQ(found, 1u);
    // CKA_ID is the card's C2 field, as for any key.
    uint8_t id[8] = {};
    CK_ATTRIBUTE idAttribute { CKA_ID, id, sizeof id };
    ASSERT_EQ(module.f->C_GetAttributeValue(session, key, &idAttribute, 1), CKR_OK);
    EXPECT_EQ(toHexUpper(Bytes(id, id + idAttribute.ulValueLen)), "0102");
    CK_MECHANISM mechanism { CKM_GOSTR3410, nullptr, 0 };
    EXPECT_EQ(module.f->C_SignInit(session, &mechanism, key), CKR_KEY_FUNCTION_NOT_PERMITTED);
    EXPECT_EQ(module.f->C_DestroyObject(session, key), CKR_ACTION_PROHIBITED);
    module.f->C_CloseSession(session);
    stop();
}

TEST_F(FknPcsc, FknCurveOptionEnrollsAndIsRefusedAfterAPinChange)
{
    start({ "--fkn-curve", "tc26-512-c" });
    // START's answer begins with ID_ALG: curve 07 (tc26 512-C), point set 02 (R 50.1.115).
    EXPECT_EQ(toHexUpper(card->transmit(fromHex("805A00020400000000"
                                                "00")))
                  .substr(0, 4),
        "0702");
    auto channel = open();
    EXPECT_EQ(send(channel, "00CA018100").sw, 0x9000);
    stop();
    start({ "--fkn-curve", "cryptopro-a" }); // factory PIN still: re-enrolled
    EXPECT_EQ(toHexUpper(card->transmit(fromHex("805A00020400000000"
                                                "00")))
                  .substr(0, 4),
        "0102");
    card->transmit(fromHex("0020FF02"));
    ASSERT_EQ(card->sw("0024000214"
                       "8108"
                  + PIN_HEX
                  + "8208"
                    "3837363534333231"),
        0x9000);
    stop();
    VtokenProcess refused({ "--model", "rutoken-ecp-3.0-3220", "--state", state.path(), "--port",
        port, "--fkn-curve", "tc26-256-a" });
    EXPECT_EQ(refused.wait(), 2);
    start(); // without the option the card runs, on its curve, with the new PIN
    EXPECT_EQ(sespake(PIN).first, ErrorCode::PIN_INCORRECT);
    auto next = open("87654321");
    EXPECT_EQ(send(next, "00CA018100").sw, 0x9000);
    stop();
}
