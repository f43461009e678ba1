// The DER reader the host uses on certificates and SignedData read from a token: walks the
// input recursively (every constructed element is read as a sequence of elements). Refusals
// must be RequestError; every element must lie inside its parent.

#include "FuzzSupport.hpp"

#include "crypto/Der.hpp"

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

namespace
{

constexpr int MAX_DEPTH = 16;

bool inside(ByteView inner, ByteView outer)
{
    return inner.data() >= outer.data()
        && inner.data() + inner.size() <= outer.data() + outer.size();
}

void walk(ByteView data, int depth)
{
    der::Reader reader(data);
    while (!reader.atEnd()) {
        const uint8_t tag = reader.peekTag();
        const der::Element element = reader.next();
        fuzz::check(element.tag == tag, "peekTag disagrees with next");
        fuzz::check(inside(element.encoded, data) && inside(element.content, element.encoded),
            "element outside its parent");
        if (element.tag == der::tag::OID) {
            (void)der::oidToString(element.content);
        }
        if ((element.tag & 0x20) != 0 && depth < MAX_DEPTH) {
            walk(element.content, depth + 1);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const ByteView input(data, size);
    fuzz::refusesOnly(
        { ErrorCode::INVALID_PARAMS, ErrorCode::BAD_REQUEST }, [&] { walk(input, 0); });
    fuzz::refusesOnly({ ErrorCode::INVALID_PARAMS, ErrorCode::BAD_REQUEST }, [&] {
        const auto element = der::parseSingle(input);
        fuzz::check(element.encoded.size() == size, "parseSingle left bytes over");
    });
    return 0;
}
