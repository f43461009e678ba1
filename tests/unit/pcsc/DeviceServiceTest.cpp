// DeviceService's PC/SC side against the link-time fake: what it lists for known and unknown
// cards, its cache, its sessions' checks and error mapping, PIN status parsing.
#include "FakePcsc.hpp"
#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
using namespace tokenbridge;
using namespace tokenbridge::devices;

namespace
{

const Bytes ECP_ATR { 0x3B, 0x8B, 0x01, 0x52, 0x75, 0x74, 0x6F, 0x6B, 0x65, 0x6E, 0x20, 0x45, 0x43,
    0x50, 0xA0 };
const Bytes OTHER_ATR { 0x3B, 0x02, 0x14, 0x50 };
const Environment R3_LINUX { "5.0-R3", "config", "linux" };

// Token info of docs/vtoken.md for an ECP 3.0 3220 (hw 65.0, fw 30.0).
Bytes tokenInfo3220(uint32_t serial)
{
    return { 0x80, 0x01, 0x01, 0x81, 0x02, 65, 0, 0x82, 0x02, 30, 0, 0x83, 0x04,
        uint8_t(serial >> 24), uint8_t(serial >> 16), uint8_t(serial >> 8), uint8_t(serial), 0x84,
        0x04, 0, 0, 0, 0x10, 0x85, 0x01, 0x03, 0x86, 0x01, 0x01, 0x87, 0x01, 0x01 };
}

struct FakeRutoken
{
    uint32_t serial = 0x0A1B2C3D;
    Bytes pinAnswer { 0x63, 0xCA };
    std::function<Bytes(const Bytes&)> responder()
    {
        return [this](const Bytes& apdu) -> Bytes {
            if (apdu.size() >= 2 && apdu[1] == 0xCA) {
                auto answer = tokenInfo3220(serial);
                answer.insert(answer.end(), { 0x90, 0x00 });
                return answer;
            }
            if (apdu.size() == 4 && apdu[1] == 0x20) {
                return apdu[3] == 0x02 ? pinAnswer : Bytes { 0x69, 0x83 };
            }
            return { 0x90, 0x00 };
        };
    }
};

Bytes answering(uint16_t sw)
{
    return { uint8_t(sw >> 8), uint8_t(sw) };
}

ErrorCode codeOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const tokenbridge::Error& error) {
        return error.code();
    }
    ADD_FAILURE() << "no exception";
    return ErrorCode::INTERNAL_ERROR;
}

class DeviceServiceTest : public testing::Test
{
protected:
    void SetUp() override { pcsc::test::reset(); }
    void addReader(const std::string& name, Bytes atr, std::function<Bytes(const Bytes&)> card,
        DWORD count = 1)
    {
        std::lock_guard guard(pcsc::test::lock());
        pcsc::test::state().readers.push_back({ .name = name,
            .eventState = SCARD_STATE_PRESENT | (count << 16),
            .atr = std::move(atr),
            .card = std::move(card) });
    }
    FakeRutoken token;
    DeviceService service { R3_LINUX };
};

} // namespace

TEST_F(DeviceServiceTest, ListsAnIdentifiedToken)
{
    addReader("Reader A", ECP_ATR, token.responder());
    const auto devices = service.listDevices();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(devices[0].id, "rutoken-ecp-3.0-3220-0A1B2C3D");
    EXPECT_EQ(devices[0].reader, "Reader A");
    EXPECT_EQ(devices[0].identification.modelId, "rutoken-ecp-3.0-3220");
    EXPECT_EQ(devices[0].modes, (std::vector { Mode::Fkn, Mode::ActivePkcs11, Mode::Passive }));
    EXPECT_EQ(devices[0].selectedMode, Mode::Fkn);
}

TEST_F(DeviceServiceTest, CardsThatDontKnowGetDataAreStillListed)
{
    addReader("Reader A", OTHER_ATR, [](const Bytes&) { return answering(0x6D00); });
    addReader("Reader B", ECP_ATR, [](const Bytes&) { return answering(0x6A88); });
    addReader("Reader C", ECP_ATR, [](const Bytes&) { return Bytes { 0x80, 0x7F, 0x90, 0x00 }; });
    const auto devices = service.listDevices();
    ASSERT_EQ(devices.size(), 3u);
    for (const auto& device : devices) {
        EXPECT_EQ(device.id, "reader:" + device.reader);
        EXPECT_FALSE(device.identification.known);
        EXPECT_TRUE(device.modes.empty());
        EXPECT_FALSE(device.selectedMode);
    }
}

TEST_F(DeviceServiceTest, EmptyAndMuteReadersAreSkipped)
{
    addReader("Reader A", ECP_ATR, token.responder());
    pcsc::test::state().readers.push_back({ .name = "Empty", .eventState = SCARD_STATE_EMPTY });
    pcsc::test::state().readers.push_back(
        { .name = "Mute", .eventState = SCARD_STATE_PRESENT | SCARD_STATE_MUTE });
    EXPECT_EQ(service.listDevices().size(), 1u);
}

TEST_F(DeviceServiceTest, IdentifiesEachInsertionOnce)
{
    addReader("Reader A", ECP_ATR, token.responder(), 1);
    EXPECT_EQ(service.listDevices().at(0).id, "rutoken-ecp-3.0-3220-0A1B2C3D");
    const int afterFirst = pcsc::test::state().transmitted;
    EXPECT_GT(afterFirst, 0);
    EXPECT_EQ(service.listDevices().at(0).id, "rutoken-ecp-3.0-3220-0A1B2C3D");
    EXPECT_EQ(pcsc::test::state().transmitted, afterFirst);
    // Another token put in the same reader: the event counter moved, the card is read again.
    token.serial = 0x11223344;
    pcsc::test::state().readers[0].eventState = SCARD_STATE_PRESENT | (3u << 16);
    EXPECT_EQ(service.listDevices().at(0).id, "rutoken-ecp-3.0-3220-11223344");
}

TEST_F(DeviceServiceTest, NoReadersAndNoService)
{
    pcsc::test::state().listResult = SCARD_E_NO_READERS_AVAILABLE;
    EXPECT_TRUE(service.listDevices().empty());
    // pcscd stopped: the kept context fails, and so does a new one.
    pcsc::test::state().listResult = SCARD_E_NO_SERVICE;
    pcsc::test::state().establishResult = SCARD_E_NO_SERVICE;
    EXPECT_EQ(codeOf([&] { service.listDevices(); }), ErrorCode::PCSC_UNAVAILABLE);
}

TEST_F(DeviceServiceTest, ListingsShareOneContextUntilPcscdGoesAway)
{
    // An empty reader: no card to probe (probes have contexts of their own).
    pcsc::test::state().readers.push_back({ .name = "Reader A" });
    service.listDevices();
    service.listDevices();
    service.listDevices();
    EXPECT_EQ(pcsc::test::state().established, 1);
    EXPECT_EQ(pcsc::test::state().released, 0);
    // pcscd restarted: the old context is refused once, a new one lists the token.
    pcsc::test::state().statusChangeResults.push_back(SCARD_E_INVALID_HANDLE);
    EXPECT_TRUE(service.listDevices().empty());
    EXPECT_EQ(pcsc::test::state().established, 2);
    EXPECT_EQ(pcsc::test::state().released, 1);
}

TEST_F(DeviceServiceTest, BusyCardIsListedFromItsAtrUntilItCanBeRead)
{
    addReader("Reader A", ECP_ATR, token.responder());
    pcsc::test::state().readers[0].connectResult = SCARD_E_SHARING_VIOLATION;
    const auto busy = service.listDevices();
    ASSERT_EQ(busy.size(), 1u);
    EXPECT_EQ(busy[0].id, "reader:Reader A");
    EXPECT_EQ(busy[0].identification.family, "rutoken-ecp");
    pcsc::test::state().readers[0].connectResult = SCARD_S_SUCCESS;
    EXPECT_EQ(service.listDevices().at(0).id, "rutoken-ecp-3.0-3220-0A1B2C3D");
}

TEST_F(DeviceServiceTest, UnknownIdIsDeviceNotFound)
{
    addReader("Reader A", ECP_ATR, token.responder());
    EXPECT_EQ(
        codeOf([&] { service.getDevice("rutoken-s-00000000"); }), ErrorCode::DEVICE_NOT_FOUND);
    EXPECT_EQ(codeOf([&] { service.open("nope"); }), ErrorCode::DEVICE_NOT_FOUND);
    // A session opened while the token was there, whose token is gone by the time the command
    // reaches the card: it left its reader during the command.
    auto session = service.open("rutoken-ecp-3.0-3220-0A1B2C3D");
    {
        std::lock_guard guard(pcsc::test::lock());
        pcsc::test::state().readers[0].connectResult = SCARD_E_NO_SMARTCARD;
    }
    EXPECT_EQ(codeOf([&] { session.card(); }), ErrorCode::TOKEN_REMOVED);
}

TEST_F(DeviceServiceTest, ASessionHoldsOneTransactionUntilReleased)
{
    addReader("Reader A", ECP_ATR, token.responder());
    {
        auto session = service.open("rutoken-ecp-3.0-3220-0A1B2C3D");
        EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended); // no card use yet
        auto& card = session.card();
        EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended + 1);
        EXPECT_EQ(card.reader(), "Reader A");
        EXPECT_EQ(&session.card(), &card); // the same connection and transaction
        EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended + 1);
        session.release();
        EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended);
        session.card();
        EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended + 1);
    }
    EXPECT_EQ(pcsc::test::state().begun, pcsc::test::state().ended);
}

TEST_F(DeviceServiceTest, ASessionRefusesAReplacedToken)
{
    addReader("Reader A", ECP_ATR, token.responder());
    const auto id = service.listDevices().at(0).id;
    auto session = service.open(id);
    token.serial = 0x55555555; // swapped faster than a listing could notice
    EXPECT_EQ(codeOf([&] { session.card(); }), ErrorCode::TOKEN_REMOVED);
}

TEST_F(DeviceServiceTest, CardPulledDuringWorkIsTokenRemovedAndTheServiceGoesOn)
{
    addReader("Reader A", ECP_ATR, token.responder());
    const auto id = service.listDevices().at(0).id;
    EXPECT_EQ(codeOf([&] {
        auto session = service.open(id);
        auto& card = session.card();
        pcsc::test::state().transmitResult = SCARD_E_NOT_TRANSACTED; // pitfall P6
        card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 8 });
    }),
        ErrorCode::TOKEN_REMOVED);
    pcsc::test::state().transmitResult = SCARD_S_SUCCESS;
    auto session = service.open(id);
    EXPECT_EQ(session.card().reader(), "Reader A");
}

TEST_F(DeviceServiceTest, PinStatus)
{
    addReader("Reader A", ECP_ATR, token.responder());
    const auto id = service.listDevices().at(0).id;
    token.pinAnswer = answering(0x63C7);
    auto status = service.getPinStatus(id);
    EXPECT_TRUE(status.user.supported);
    EXPECT_EQ(status.user.retriesLeft, 7);
    EXPECT_FALSE(status.user.blocked);
    EXPECT_FALSE(status.user.verified);
    EXPECT_TRUE(status.admin.blocked);
    EXPECT_EQ(status.admin.retriesLeft, 0);
    token.pinAnswer = answering(0x9000);
    EXPECT_TRUE(service.getPinStatus(id).user.verified);
    token.pinAnswer = answering(0x63C0);
    EXPECT_TRUE(service.getPinStatus(id).user.blocked);
    token.pinAnswer = answering(0x6D00);
    status = service.getPinStatus(id);
    EXPECT_FALSE(status.user.supported);
    EXPECT_EQ(toJson(status)["user"]["retriesLeft"], nullptr);
    EXPECT_EQ(toJson(status)["admin"]["blocked"], true);
}

TEST_F(DeviceServiceTest, OperationsOnOneTokenDoNotOverlap)
{
    addReader("Reader A", ECP_ATR, token.responder());
    const auto id = service.listDevices().at(0).id;
    std::atomic<int> inside = 0;
    std::atomic<int> maxInside = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            const auto session = service.open(id);
            maxInside = std::max(maxInside.load(), ++inside);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            --inside;
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(maxInside, 1);
}
