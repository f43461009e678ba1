// The passive mode's container EFs and directory EF as read from a token (docs/passive.md).
// Decoders may refuse only with RequestError(CONTAINER_CORRUPTED); whatever they accept must
// re-encode without error into a canonical form that decodes to the same encoding again.
//
// Input: byte 0 picks the decoder (public part, private part, directory), the rest is the EF.

#include "FuzzSupport.hpp"

#include "modes/passive/ContainerCodec.hpp"

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

template <typename Decode, typename Encode>
void roundTrip(ByteView bytes, Decode decode, Encode encode)
{
    const bool accepted = fuzz::refusesOnly({ ErrorCode::CONTAINER_CORRUPTED }, [&] {
        const auto canonical = encode(decode(bytes));
        fuzz::check(encode(decode(canonical)) == canonical, "re-encoding is not stable");
    });
    (void)accepted;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const ByteView ef(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        roundTrip(ef, decodePublic, encodePublic);
        break;
    case 1:
        roundTrip(ef, decodePrivate, encodePrivate);
        fuzz::refusesOnly({ ErrorCode::CONTAINER_CORRUPTED }, [&] {
            const auto part = decodePrivate(ef);
            (void)privateMacInput(Bytes(KEY_ID_SIZE, 0x11), part);
        });
        break;
    default:
        roundTrip(ef, decodeDirectory, [](const Directory& directory) {
            const auto encoded = encodeDirectory(directory);
            fuzz::check(encoded.size() == DIRECTORY_SIZE, "directory of the wrong size");
            return encoded;
        });
        break;
    }
    return 0;
}
