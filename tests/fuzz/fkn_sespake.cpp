// SESPAKE (RFC 8133) messages on both sides: the host (role A) fed what a token sends, the token
// (role B, vtoken) fed what a host sends. Refusals must be the typed errors SespakeHost.hpp and
// SespakeToken.hpp document. When an exchange with altered messages still completes on both
// sides, both must hold the same key and transcript.
//
// Input: byte 0 picks the mode: 0 an honest exchange whose six messages the rest of the input
// may alter (keep, flip a byte, truncate, replace); 1 raw messages to the token; 2 raw messages
// to the host; 3 a stored TokenCredential blob.

#include "FuzzSupport.hpp"

#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeToken.hpp"
#include "fkn/TokenCredential.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

using namespace tokenbridge;
using namespace tokenbridge::fkn;

namespace
{

constexpr std::string_view PIN = "12345678";
// Fixed scalars keep every run reproducible; both are below any supported group order.
constexpr std::string_view ALPHA = "1D2C3B4A596877869504132231405F6E7D8C9BAAB9C8D7E6F50413223140";
constexpr std::string_view BETA = "2E3D4C5B6A798897A6B5C4D3E2F1001F2E3D4C5B6A79889706152433425160";

const TokenCredential& enrolled()
{
    static const TokenCredential credential = [] {
        SespakeParams params;
        params.salt = Bytes(16, 0x5A);
        params.idB = { 'v', 't', 'o', 'k' };
        return enrollCredential(asBytes(PIN), params);
    }();
    return credential;
}

const std::initializer_list<ErrorCode> TOKEN_REFUSALS = { ErrorCode::PIN_BLOCKED,
    ErrorCode::PIN_INCORRECT, ErrorCode::INVALID_PARAMS, ErrorCode::BAD_REQUEST };
const std::initializer_list<ErrorCode> HOST_REFUSALS = { ErrorCode::CARD_ERROR,
    ErrorCode::INVALID_PARAMS };

Bytes bytesOf(const std::string& text)
{
    return { text.begin(), text.end() };
}

Bytes alter(Bytes message, FuzzedDataProvider& input)
{
    switch (input.ConsumeIntegralInRange(0, 3)) {
    case 1:
        if (!message.empty()) {
            message[input.ConsumeIntegralInRange<size_t>(0, message.size() - 1)] ^=
                input.ConsumeIntegralInRange<uint8_t>(1, 255);
        }
        break;
    case 2:
        message.resize(input.ConsumeIntegralInRange<size_t>(0, message.size()));
        break;
    case 3:
        message = bytesOf(input.ConsumeRandomLengthString(160));
        break;
    default:
        break;
    }
    return message;
}

void honestExchange(FuzzedDataProvider& input)
{
    TokenCredential credential = enrolled();
    SespakeHost host(asBytes(PIN), { 0, 0, 0, 0 }, fixedScalar(ALPHA));
    SespakeToken token(credential, fixedScalar(BETA));
    std::optional<SespakeParams> params;
    Bytes u1, u2, macA, macB;
    std::optional<SespakeResult> hostResult, tokenResult;
    const auto idA = alter(host.idA(), input);
    if (!fuzz::refusesOnly(TOKEN_REFUSALS, [&] { params = token.start(idA); })
        || !fuzz::refusesOnly(HOST_REFUSALS,
            [&] { u1 = host.onParams(SespakeParams::decode(alter(params->encode(), input))); })
        || !fuzz::refusesOnly(TOKEN_REFUSALS, [&] { u2 = token.exchange(alter(u1, input)); })
        || !fuzz::refusesOnly(HOST_REFUSALS, [&] { macA = host.onTokenPoint(alter(u2, input)); })
        || !fuzz::refusesOnly(TOKEN_REFUSALS, [&] { macB = token.confirm(alter(macA, input)); })
        || !fuzz::refusesOnly(
            HOST_REFUSALS, [&] { hostResult = host.onTokenConfirm(alter(macB, input)); })) {
        return;
    }
    tokenResult = token.takeResult();
    fuzz::check(hostResult->key == tokenResult->key, "both sides finished with different keys");
    fuzz::check(hostResult->macA == tokenResult->macA && hostResult->macB == tokenResult->macB,
        "both sides finished with different transcripts");
    if (std::getenv("FUZZ_VERBOSE") != nullptr) {
        std::fprintf(stderr, "exchange complete\n");
    }
}

void rawToToken(FuzzedDataProvider& input)
{
    TokenCredential credential = enrolled();
    SespakeToken token(credential, fixedScalar(BETA));
    fuzz::refusesOnly(TOKEN_REFUSALS, [&] {
        (void)token.start(bytesOf(input.ConsumeRandomLengthString(64)));
        (void)token.exchange(bytesOf(input.ConsumeRandomLengthString(160)));
        (void)token.confirm(bytesOf(input.ConsumeRandomLengthString(64)),
            bytesOf(input.ConsumeRandomLengthString(64)));
        (void)token.takeResult();
    });
}

void rawToHost(FuzzedDataProvider& input)
{
    SespakeHost host(asBytes(PIN), { 0, 0, 0, 0 }, fixedScalar(ALPHA));
    fuzz::refusesOnly(HOST_REFUSALS, [&] {
        (void)host.onParams(SespakeParams::decode(bytesOf(input.ConsumeRandomLengthString(128))));
        (void)host.onTokenPoint(bytesOf(input.ConsumeRandomLengthString(160)));
        (void)host.onTokenConfirm(bytesOf(input.ConsumeRandomLengthString(64)),
            bytesOf(input.ConsumeRemainingBytesAsString()));
    });
}

void storedCredential(FuzzedDataProvider& input)
{
    const auto blob = input.ConsumeRemainingBytes<uint8_t>();
    fuzz::refusesOnly({ ErrorCode::INVALID_PARAMS }, [&] {
        const auto serialized = TokenCredential::parse(blob).serialize();
        fuzz::check(
            TokenCredential::parse(serialized).serialize() == serialized, "credential round trip");
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzedDataProvider input(data, size);
    switch (input.ConsumeIntegralInRange(0, 3)) {
    case 1:
        rawToToken(input);
        break;
    case 2:
        rawToHost(input);
        break;
    case 3:
        storedCredential(input);
        break;
    default:
        honestExchange(input);
        break;
    }
    return 0;
}
