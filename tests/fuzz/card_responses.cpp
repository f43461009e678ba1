// Host-side parsing of card answers: ResponseApdu::parse on raw bytes, then a scripted card
// (the link-time fake of tests/unit/pcsc/FakePcsc.cpp) whose answers come from the input drives
// pcsc::Card's 61xx/6Cxx handling, the token-info probe, the PIN status and the passive mode's
// file reads (FCP parsing, chunked READ BINARY). Refusals must be typed errors other than
// INTERNAL_ERROR; a FatalError means the host built a bad APDU from what a card said.

#include "FuzzSupport.hpp"

#include "../unit/pcsc/FakePcsc.hpp"

#include "devices/CardProbe.hpp"
#include "devices/PinStatus.hpp"
#include "modes/passive/TokenFiles.hpp"
#include "core/Apdu.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"
#include "pcsc/StatusWords.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>

using namespace tokenbridge;

namespace
{

constexpr const char* READER = "Fuzz Reader 00 00";

// Any typed refusal except INTERNAL_ERROR.
template <typename Body> void cardOperation(Body&& body)
{
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR, ErrorCode::TOKEN_REMOVED, ErrorCode::PIN_REQUIRED,
                          ErrorCode::PIN_INCORRECT, ErrorCode::PIN_BLOCKED,
                          ErrorCode::CONTAINER_CORRUPTED, ErrorCode::DEVICE_NOT_FOUND },
        std::forward<Body>(body));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::span<const uint8_t> input(data, size);
    cardOperation([&] {
        const auto response = ResponseApdu::parse(input);
        fuzz::check(response.data.size() + 2 == size, "response split wrong");
        fuzz::check(response.encode() == Bytes(input.begin(), input.end()), "round trip");
        (void)pcsc::formatStatusWord(response.sw);
    });

    // Answers: <length byte><bytes>..., then 6F00 for every further command.
    size_t offset = 0;
    pcsc::test::reset();
    pcsc::test::state().readers.push_back(
        { READER, SCARD_STATE_PRESENT, { 0x3B, 0x00 }, [&](const Bytes&) -> Bytes {
             if (offset >= size) {
                 return { 0x6F, 0x00 };
             }
             const size_t length = std::min<size_t>(data[offset], size - offset - 1);
             Bytes answer(data + offset + 1, data + offset + 1 + length);
             offset += 1 + length;
             return answer;
         } });
    auto context = std::make_shared<const pcsc::Context>();
    pcsc::Card card(context, READER);
    cardOperation([&] { (void)devices::readTokenInfo(card); });
    cardOperation([&] { (void)devices::toJson(devices::readPinInfo(card, devices::PIN_USER)); });
    modes::passive::TokenFiles files(card, 0x7011);
    cardOperation([&] { (void)files.selectDf(); });
    cardOperation([&] { (void)files.read(0x7012); });
    cardOperation([&] { (void)files.exists(0x7013); });
    return 0;
}
