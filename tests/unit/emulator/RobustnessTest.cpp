// Random APDUs never crash the card OS, always get a status word, and never leave the state
// unserializable. Parameters and payloads come mostly from what each command expects, so that
// commands get past their first checks.
#include "CardTestSupport.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

class ApduGenerator
{
public:
    explicit ApduGenerator(unsigned seed) : _random(seed) { }

    Bytes next()
    {
        static constexpr uint8_t INS[] = { 0xA4, 0xB0, 0xD6, 0xE0, 0xE4, 0x20, 0x24, 0x2C, 0xCA,
            0x84, 0x00 };
        const uint8_t ins = INS[pick(std::size(INS))];
        Bytes apdu { pick(8) == 0 ? byte() : uint8_t { 0x00 }, ins, param(), param() };
        const Bytes data = payload(pick(4) == 0 ? pick(4) : expectedPayload(ins));
        if (!data.empty()) {
            apdu.push_back(static_cast<uint8_t>(data.size()));
            apdu.insert(apdu.end(), data.begin(), data.end());
        }
        if (pick(2) == 0) {
            apdu.push_back(pick(2) == 0 ? byte() : uint8_t { 0x00 }); // Le
        }
        if (pick(20) == 0) {
            apdu.pop_back(); // malformed
        }
        return apdu;
    }

private:
    size_t pick(size_t n) { return _random() % n; }
    uint8_t byte() { return static_cast<uint8_t>(_random()); }

    uint8_t param()
    {
        static constexpr uint8_t PARAMS[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x0C, 0x81,
            0xFF };
        const size_t kind = pick(8);
        return kind < 4 ? 0x00 : kind < 7 ? PARAMS[pick(std::size(PARAMS))] : byte();
    }

    static size_t expectedPayload(uint8_t ins)
    {
        switch (ins) {
        case 0xA4:
        case 0xE4:
            return 1;
        case 0xE0:
            return 2;
        case 0xB0:
        case 0xCA:
        case 0x84:
            return 0;
        default:
            return 3;
        }
    }

    Bytes payload(size_t kind)
    {
        switch (kind) {
        case 0:
            return {};
        case 1: // a FID or a path
            if (pick(2) == 0) {
                return { 0x10, static_cast<uint8_t>(pick(3)) };
            }
            return { 0x10, static_cast<uint8_t>(pick(3)), 0x10, static_cast<uint8_t>(pick(3)) };
        case 2: { // CREATE FILE FCP, sometimes a DF
            const bool df = pick(3) == 0;
            Bytes inner { 0x82, 0x01, static_cast<uint8_t>(df ? 0x38 : 0x01), 0x83, 0x02, 0x10,
                static_cast<uint8_t>(pick(3)) };
            if (!df) {
                inner.insert(inner.end(), { 0x80, 0x02, 0x00, byte() });
            }
            inner.insert(inner.end(), { 0x86, 0x02, static_cast<uint8_t>(pick(3)), 0x02 });
            Bytes fcp { 0x62, static_cast<uint8_t>(inner.size()) };
            fcp.insert(fcp.end(), inner.begin(), inner.end());
            return fcp;
        }
        default: {
            Bytes random(1 + pick(40));
            for (auto& b : random) {
                b = pick(2) == 0 ? static_cast<uint8_t>('0' + pick(10)) : byte();
            }
            return random;
        }
        }
    }

    std::mt19937 _random;
};

} // namespace

TEST(Robustness, RandomApdusAlwaysGetAStatusWord)
{
    test::TestCard t;
    ApduGenerator generator(20261127);
    std::map<uint16_t, int> seen;
    for (int n = 0; n < 4000; ++n) {
        if (n % 400 == 0) { // keep some security state around
            t.send("0020000208" + test::asciiHex("12345678"));
            t.send("0020000108" + test::asciiHex("87654321"));
        }
        const Bytes apdu = generator.next();
        const Bytes response = t.card.process(apdu);
        ASSERT_GE(response.size(), 2u) << toHexUpper(apdu);
        const uint16_t sw = test::statusOf(response);
        EXPECT_NE(sw, 0x6F00) << toHexUpper(apdu);
        ++seen[sw];
    }
    // The generator reaches the commands' real work, not just their length checks.
    for (uint16_t sw : { 0x9000, 0x6282, 0x6A82, 0x6A89, 0x6B00, 0x6982, 0x6986 }) {
        EXPECT_GT(seen[sw], 0) << std::hex << sw;
    }
    EXPECT_NO_THROW(CardState::fromJson(t.card.state().toJson()));
}
