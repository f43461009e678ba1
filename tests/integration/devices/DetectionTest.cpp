// Every token the script started is found in its reader with its model, connection and the
// modes of docs/compatibility.md for CSP 5.0 R3 on Linux; several at once.
#include "VirtualTokens.hpp"
#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <set>
#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::devices;
using tokenbridge::devices::test::VirtualToken;
using tokenbridge::devices::test::withCard;

namespace
{

const Environment R3_LINUX { "5.0-R3", "config", "linux" };

// compatibility.md, column 5.0-R3, platform linux; "@nfc" for the contactless connection.
const std::map<std::string, std::vector<std::string>> EXPECTED_MODES = {
    { "rutoken-s", { "passive" } },
    { "rutoken-lite", { "passive" } },
    { "rutoken-ecp-2.0-2000", { "active-pkcs11", "passive" } },
    { "rutoken-ecp-2.0-2100", { "active-pkcs11", "passive" } },
    { "rutoken-ecp-2.0-flash", { "active-pkcs11", "passive" } },
    { "rutoken-ecp-bluetooth", { "active-pkcs11", "passive" } },
    { "rutoken-2151", { "active-pkcs11", "passive" } },
    { "smartcard-rutoken-2151", { "active-pkcs11", "passive" } },
    { "rutoken-ecp-pki", { "passive" } },
    { "rutoken-ecp-2.0-3000", { "fkn", "active-pkcs11", "passive" } },
    { "rutoken-ecp-3.0-3100", { "fkn", "active-pkcs11", "passive" } },
    { "rutoken-ecp-3.0-3220", { "fkn", "active-pkcs11", "passive" } },
    { "smartcard-rutoken-ecp-2.0-2100", { "active-pkcs11", "passive" } },
    { "rutoken-ecp-3.0-nfc-3100", { "fkn", "active-pkcs11", "passive" } },
    { "smartcard-rutoken-ecp-3.0-nfc-3100", { "fkn-nfc", "active-pkcs11", "passive" } },
    { "rutoken-ecp-3.0-nfc-3100@nfc", { "fkn-nfc", "active-pkcs11", "passive" } },
    { "smartcard-rutoken-ecp-3.0-nfc-3100@nfc", { "fkn-nfc", "active-pkcs11", "passive" } },
};

std::vector<std::string> names(const std::vector<Mode>& modes)
{
    std::vector<std::string> result;
    for (const auto mode : modes) {
        result.emplace_back(modeName(mode));
    }
    return result;
}

std::string normalizedHex(std::string text)
{
    std::erase(text, ' ');
    std::ranges::transform(text, text.begin(), ::toupper);
    return text;
}

const Device* inReader(const std::vector<Device>& devices, const std::string& reader)
{
    const auto found = std::ranges::find(devices, reader, &Device::reader);
    return found == devices.end() ? nullptr : &*found;
}

} // namespace

TEST(Detection, EveryTokenIsIdentified)
{
    const auto tokens = test::virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    const auto devices = service.listDevices();
    std::set<std::string> ids;
    for (const auto& token : tokens) {
        SCOPED_TRACE(token.model + "@" + token.connection + " in " + token.reader);
        const auto* device = inReader(devices, token.reader);
        ASSERT_NE(device, nullptr);
        const auto serial = test::serialOf(token);
        ASSERT_FALSE(serial.empty());
        EXPECT_EQ(device->id, token.model + "-" + normalizedHex(serial));
        EXPECT_TRUE(device->identification.known);
        EXPECT_EQ(device->identification.modelId, token.model);
        EXPECT_EQ(connectionName(device->identification.connection), token.connection);
        EXPECT_EQ(toHexUpper(device->atr), normalizedHex(token.atr));
        const auto key = token.model + (token.connection == "nfc" ? "@nfc" : "");
        ASSERT_TRUE(EXPECTED_MODES.contains(key));
        EXPECT_EQ(names(device->modes), EXPECTED_MODES.at(key));
        ASSERT_TRUE(device->selectedMode);
        EXPECT_EQ(modeName(*device->selectedMode), EXPECTED_MODES.at(key).front());
        ids.insert(device->id);
    }
    EXPECT_EQ(ids.size(), tokens.size()) << "ids must differ";
    // A second listing answers the same from its cache.
    const auto again = service.listDevices();
    ASSERT_EQ(again.size(), devices.size());
    for (size_t i = 0; i < again.size(); ++i) {
        EXPECT_EQ(again[i].id, devices[i].id);
    }
}

// Work on two tokens runs side by side: each waits (bounded) until the other has started.
TEST(TwoTokens, WorkOnDifferentTokensIsNotSerialized)
{
    const auto tokens = test::virtualTokens();
    ASSERT_GE(tokens.size(), 2u);
    DeviceService service(R3_LINUX);
    const auto devices = service.listDevices();
    const auto* first = inReader(devices, tokens[0].reader);
    const auto* second = inReader(devices, tokens[1].reader);
    ASSERT_TRUE(first && second);

    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    bool bothInside[2] = { false, false };
    auto work = [&](int index) {
        return [&, index](tokenbridge::pcsc::Card& card) {
            std::unique_lock guard(mutex);
            ++started;
            changed.notify_all();
            bothInside[index] =
                changed.wait_for(guard, std::chrono::seconds(3), [&] { return started == 2; });
            guard.unlock();
            EXPECT_TRUE(card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 8 }).isOk());
        };
    };
    std::thread other([&] { withCard(service, second->id, work(1)); });
    withCard(service, first->id, work(0));
    other.join();
    EXPECT_TRUE(bothInside[0] && bothInside[1]);
}
