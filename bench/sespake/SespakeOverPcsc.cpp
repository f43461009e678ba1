// SESPAKE and the secure channel over real PC/SC (pcscd + vpcd + vtoken), against plain active
// mode measured on the same card in the same run. Run under scripts/with-virtual-tokens.sh with
// one FKN model (bench/sespake/run.sh does that, once per curve):
//   reference    plain VERIFY + MSE SET + PSO CDS (login + sign of a plain active-mode key)
//   handshake    openFknSession: SESPAKE START / EXCHANGE / CONFIRM, split into host (role A
//                crypto), PC/SC (transmit minus card) and card (vtoken's CPU time)
//   per APDU     GET DATA token-info plain vs the same command protected in an open channel
// Prints Markdown table rows; not a test.
//
//   sespake_pcsc CURVE_NAME [ITERATIONS]      (default 20)
#include "ProcessCpu.hpp"
#include "Stats.hpp"

#include "fkn/FknHostSession.hpp"
#include "pcsc/Card.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tokenbridge;

namespace
{

const Bytes PIN = { '1', '2', '3', '4', '5', '6', '7', '8' };

// Transmits raw APDUs and adds up the wall time spent in PC/SC (pcscd, vpcd, the card).
struct TimedLink
{
    pcsc::Card& card;
    double transmitMs = 0;

    Bytes operator()(ByteView command)
    {
        const auto start = bench::Clock::now();
        auto response = card.transmitRaw(command).encode();
        transmitMs += bench::msSince(start);
        return response;
    }
};

Bytes expectOk(TimedLink& link, const Bytes& command, const char* what)
{
    auto response = link(command);
    if (response.size() < 2 || response[response.size() - 2] != 0x90 || response.back() != 0) {
        throw std::runtime_error(std::string(what) + " failed");
    }
    response.resize(response.size() - 2);
    return response;
}

Bytes verifyCommand()
{
    // VERIFY, user PIN (P2 02): 00 20 00 02 Lc PIN.
    Bytes command(5 + PIN.size());
    command[1] = 0x20;
    command[3] = 0x02;
    command[4] = static_cast<uint8_t>(PIN.size());
    std::copy(PIN.begin(), PIN.end(), command.begin() + 5);
    return command;
}

// A plain (non-FKN) GOST 2012-256 key pair generated on the card; returns its reference.
uint8_t plainKey(TimedLink& link)
{
    expectOk(link, verifyCommand(), "VERIFY");
    const auto answer = expectOk(link,
        { 0x80, 0x46, 0x00, 0x00, 0x00, 0x00, 0x0E, 0x80, 0x01, 0x01, 0x81, 0x09, 0x06, 0x07, 0x2A,
            0x85, 0x03, 0x02, 0x02, 0x23, 0x01, 0x00, 0x00 },
        "GENERATE KEY PAIR");
    // 80 01 ref ...: the key reference is the first TLV's value (docs/vtoken.md).
    if (answer.size() < 3 || answer[1] != 1) {
        throw std::runtime_error("GENERATE KEY PAIR: unexpected answer");
    }
    return answer[2];
}

struct Split
{
    double totalMs, pcscMs, cardMs, hostMs;
};

// Runs `body` N times; per run: wall time, PC/SC time minus the card's, the card's (vtoken CPU)
// and the rest (host). Medians of each part.
template <typename Body> Split measure(TimedLink& link, pid_t vtoken, int iterations, Body&& body)
{
    std::vector<double> total, transport, card, host;
    for (int i = 0; i < iterations; ++i) {
        link.transmitMs = 0;
        const double cpu = bench::processCpuMs(vtoken);
        const auto start = bench::Clock::now();
        body();
        total.push_back(bench::msSince(start));
        card.push_back(bench::processCpuMs(vtoken) - cpu);
        transport.push_back(link.transmitMs - card.back());
        host.push_back(total.back() - link.transmitMs);
    }
    return { bench::median(total), bench::median(transport), bench::median(card),
        bench::median(host) };
}

void row(const char* what, const Split& split, double reference)
{
    std::printf("| %s | %s | %s | %s | %s | %s |\n", what, bench::fixed(split.totalMs).c_str(),
        bench::fixed(split.hostMs).c_str(), bench::fixed(split.pcscMs).c_str(),
        bench::fixed(split.cardMs).c_str(), bench::fixed(split.totalMs / reference).c_str());
}

} // namespace

int main(int argc, char** argv)
{
    const char* reader = std::getenv("VTOKEN_0_READER");
    const char* pidText = std::getenv("VTOKEN_0_PID");
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 20;
    if (argc < 2 || reader == nullptr || pidText == nullptr || iterations <= 0) {
        std::fprintf(stderr,
            "usage: under scripts/with-virtual-tokens.sh FKN_MODEL -- %s CURVE [ITERATIONS]\n",
            argv[0]);
        return 2;
    }
    const auto vtoken = static_cast<pid_t>(std::atoi(pidText));
    try {
        auto context = std::make_shared<const pcsc::Context>();
        pcsc::Card card(context, reader);
        const auto transaction = card.beginTransaction();
        TimedLink link { card };
        const fkn::Transmit transmit = [&](ByteView command) { return link(command); };

        const uint8_t ref = plainKey(link);
        const Bytes mse = { 0x00, 0x22, 0x41, 0xB6, 0x03, 0x84, 0x01, ref };
        // PSO COMPUTE DIGITAL SIGNATURE of a 32-byte digest, Le 00.
        Bytes pso(5 + 32 + 1, 0x77);
        const uint8_t psoHeader[] = { 0x00, 0x2A, 0x9E, 0x9A, 0x20 };
        std::copy(std::begin(psoHeader), std::end(psoHeader), pso.begin());
        pso.back() = 0x00;
        const auto reference = measure(link, vtoken, iterations, [&] {
            expectOk(link, verifyCommand(), "VERIFY");
            expectOk(link, mse, "MSE SET");
            expectOk(link, pso, "PSO CDS");
        });
        const auto handshake = measure(link, vtoken, iterations, [&] {
            auto channel = fkn::openFknSession(transmit, PIN);
            channel.close();
        });
        const Bytes getData = { 0x00, 0xCA, 0x01, 0x81, 0x00 };
        const auto plain =
            measure(link, vtoken, iterations, [&] { expectOk(link, getData, "GET DATA"); });
        auto channel = fkn::openFknSession(transmit, PIN);
        const CommandApdu protectedGetData { 0x00, 0xCA, 0x01, 0x81, {}, 256 };
        const auto wrapped = measure(link, vtoken, iterations, [&] {
            if (fkn::transmitProtected(channel, transmit, protectedGetData).sw != 0x9000) {
                throw std::runtime_error("protected GET DATA failed");
            }
        });

        std::printf("| %s, %d iterations | total (median ms) | host | PC/SC | card (vtoken CPU) | "
                    "ratio |\n|---|---|---|---|---|---|\n",
            argv[1], iterations);
        row("reference: plain VERIFY + MSE SET + PSO CDS", reference, reference.totalMs);
        row("SESPAKE handshake (ratio to the reference)", handshake, reference.totalMs);
        row("GET DATA plain", plain, plain.totalMs);
        row("GET DATA protected (ratio to plain)", wrapped, plain.totalMs);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "sespake_pcsc: %s\n", error.what());
        return 1;
    }
}
