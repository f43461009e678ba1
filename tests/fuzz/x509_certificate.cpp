// X.509 certificates as read from a token (DER or PEM): parseCertificate may refuse only with
// RequestError(INVALID_PARAMS); what it accepts must serialize to JSON (the reply to the page).

#include "FuzzSupport.hpp"

#include "crypto/Certificate.hpp"

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::refusesOnly({ ErrorCode::INVALID_PARAMS }, [&] {
        const auto info = parseCertificate(ByteView(data, size));
        (void)info.toJson().dump();
        (void)info.subjectAttribute("CN");
        (void)info.subjectAttribute("SNILS");
    });
    return 0;
}
