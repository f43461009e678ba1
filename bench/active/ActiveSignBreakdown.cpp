// Where the time of one active-mode signature goes, on a virtual token (run under
// scripts/with-virtual-tokens.sh; bench/active/run.sh does that):
//   host    — Streebog over a 4 KiB document (the host's share of a raw signature)
//   pkcs11  — signDigest minus the card's own work: Cryptoki, module, PC/SC, pcscd, vpcd
//   card    — the card OS processing MSE SET + PSO COMPUTE DIGITAL SIGNATURE (measured on an
//             in-process vtoken_core Card running the same command handlers)
// Prints means and ratios; not a test (numbers depend on the machine).
#include "Card.hpp"
#include "BerTlv.hpp"

#include "crypto/Bytes.hpp"
#include "crypto/Hasher.hpp"
#include "modes/active/KeyPairs.hpp"
#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/Pkcs11Signer.hpp"
#include "modes/active/Session.hpp"
#include "modes/active/TokenLocator.hpp"
#include "security/PinBuffer.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace
{

using namespace tokenbridge;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Times signDigest calls of the wrapped signer.
class TimedSigner final : public crypto::Signer
{
public:
    explicit TimedSigner(crypto::Signer& inner) : _inner(inner) { }
    crypto::KeyAlgorithm algorithm() const override { return _inner.algorithm(); }
    crypto::Bytes publicKeySpki() const override { return _inner.publicKeySpki(); }
    crypto::Bytes signDigest(crypto::ByteView digest) override
    {
        const auto start = Clock::now();
        auto signature = _inner.signDigest(digest);
        signMs += msSince(start);
        return signature;
    }
    double signMs = 0;

private:
    crypto::Signer& _inner;
};

vtoken::Bytes apdu(const std::string& hex)
{
    return vtoken::fromHex(hex);
}

// Mean milliseconds the card OS spends on MSE SET + PSO CDS for a 256-bit key.
double cardMs(int iterations)
{
    const auto* model = vtoken::findModel("rutoken-ecp-2.0-2100");
    vtoken::Card card(*model, vtoken::Connection::Contact,
        vtoken::CardState::factory("rutoken-ecp-2.0-2100", 1, 10), nullptr);
    card.process(apdu(
        "0020000208" + vtoken::toHex(vtoken::Bytes { '1', '2', '3', '4', '5', '6', '7', '8' })));
    const auto generated = card.process(apdu("8046000000000E800101810906072A8503020223010000"));
    const auto fields = vtoken::ber::parse(std::span(generated).first(generated.size() - 2));
    if (!fields || fields->empty() || fields->at(0).value.size() != 1) {
        std::fprintf(stderr, "card key generation failed: %s\n", vtoken::toHex(generated).c_str());
        std::exit(1);
    }
    const uint8_t ref = fields->at(0).value.at(0);
    const auto mse = apdu("002241B6038401" + vtoken::toHex(vtoken::Bytes { ref }));
    const auto pso = apdu("002A9E9A000020" + std::string(64, '7') + "0000");
    const auto start = Clock::now();
    for (int i = 0; i < iterations; ++i) {
        card.process(mse);
        const auto answer = card.process(pso);
        if (answer.size() != 66) {
            std::fprintf(stderr, "card signing failed\n");
            std::exit(1);
        }
    }
    return msSince(start) / iterations;
}

} // namespace

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 50;
    const char* reader = std::getenv("VTOKEN_0_READER");
    const char* serial = std::getenv("VTOKEN_0_SERIAL");
    if (reader == nullptr || serial == nullptr || iterations <= 0) {
        std::fprintf(
            stderr, "usage: run under scripts/with-virtual-tokens.sh MODEL -- %s [N]\n", argv[0]);
        return 2;
    }
    const auto modules = active::loadModules({ TOKENBRIDGE_VTOKEN_MODULE });
    const auto location = active::locateToken(modules, reader, serial);
    if (!location) {
        std::fprintf(stderr, "token not found through libvtoken-pkcs11.so\n");
        return 1;
    }
    active::Session session(location->module, location->slot);
    security::PinBuffer pin;
    pin.assign(std::span<const char>("12345678", 8));
    active::Login login(session, pin.bytes());
    const auto pair =
        active::generateKeyPair(session, { crypto::KeyAlgorithm::Gost2012_256, "", "bench", 0 });
    active::Pkcs11Signer tokenSigner(session, pair);
    TimedSigner signer(tokenSigner);

    const crypto::Bytes document(4096, 0x42);
    double totalMs = 0;
    for (int i = 0; i < iterations; ++i) {
        const auto start = Clock::now();
        const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, document);
        signer.signDigest(digest);
        totalMs += msSince(start);
    }
    active::destroyKeyPair(session, pair.id);
    const double card = cardMs(iterations);
    const double sign = signer.signMs / iterations;
    const double total = totalMs / iterations;
    const double host = total - sign;
    const double pkcs11 = sign - card;
    std::printf("active sign, GOST 2012-256, 4 KiB document, %d iterations\n", iterations);
    std::printf("  total   %8.3f ms\n", total);
    std::printf(
        "  host    %8.3f ms  %5.1f %%  (Streebog of the document)\n", host, 100 * host / total);
    std::printf("  pkcs11  %8.3f ms  %5.1f %%  (Cryptoki + module + PC/SC + pcscd + vpcd)\n",
        pkcs11, 100 * pkcs11 / total);
    std::printf("  card    %8.3f ms  %5.1f %%  (card OS: MSE SET + PSO CDS, GOST signature)\n",
        card, 100 * card / total);
    return 0;
}
