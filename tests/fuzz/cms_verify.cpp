// CMS SignedData (detached or attached) as a page or a token hands it to the host: verifyCms
// may refuse only with RequestError(INVALID_PARAMS); a bad signature is a result, not an error,
// and the result must serialize to JSON.

#include "FuzzSupport.hpp"

#include "crypto/CmsVerifier.hpp"

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    // Byte 0 chooses how the message is checked: attached, detached content, detached digest.
    const ByteView cms(data + 1, size - 1);
    static const Bytes content = { 'h', 'e', 'l', 'l', 'o', '\n' };
    CmsVerifyOptions options;
    options.verificationTime = 1'800'000'000; // fixed: results must not depend on the clock
    switch (data[0] % 3) {
    case 1:
        options.detachedContent = ByteView(content);
        break;
    case 2:
        options.detachedDigest = Bytes(32, 0x5A);
        break;
    default:
        break;
    }
    fuzz::refusesOnly({ ErrorCode::INVALID_PARAMS }, [&] {
        const auto result = verifyCms(cms, options);
        (void)result.toJson().dump();
        (void)result.allValid();
    });
    return 0;
}
