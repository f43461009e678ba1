// SESPAKE handshake per curve as pure computation (tb_fkn's host role A and token role B in one
// process, no APDUs), against the reference measured in the same run: the card OS signing one
// GOST 2012-256 digest on an in-process vtoken Card (what a plain active-mode sign costs the
// card). Thread CPU time, so other processes on the machine do not count. Prints Markdown table
// rows; not a test (numbers depend on the machine).
//
//   sespake_inprocess [ITERATIONS]     (default 20 per curve)
#include "CardSign.hpp"
#include "CurveNames.hpp"
#include "Stats.hpp"

#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeToken.hpp"
#include "fkn/TokenCredential.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

using namespace tokenbridge;

namespace
{

constexpr std::string_view PIN = "12345678";

ByteView pinBytes()
{
    return { reinterpret_cast<const uint8_t*>(PIN.data()), PIN.size() };
}

struct Handshake
{
    std::vector<double> hostMs, tokenMs, totalMs;
};

// One full run (START, EXCHANGE, CONFIRM) per iteration; each role's share timed apart.
Handshake handshakes(fkn::CurveId curve, int iterations)
{
    fkn::SespakeParams params;
    params.curve = curve;
    params.idB = { 0, 0, 0, 0 };
    // Enough lifetime attempts for the run (the default limit is 1000).
    auto credential = fkn::enrollCredential(pinBytes(), params, { 5, 20, 100000 });
    Handshake out;
    for (int i = 0; i < iterations; ++i) {
        double host = 0;
        double token = 0;
        const auto timed = [](double& sum, auto&& step) {
            const double start = bench::threadCpuMs();
            auto result = step();
            sum += bench::threadCpuMs() - start;
            return result;
        };
        fkn::SespakeHost a(pinBytes());
        fkn::SespakeToken b(credential);
        const auto offered = timed(token, [&] { return b.start(a.idA()); });
        const auto u1 = timed(host, [&] { return a.onParams(offered); });
        const auto u2 = timed(token, [&] { return b.exchange(u1); });
        const auto macA = timed(host, [&] { return a.onTokenPoint(u2); });
        const auto macB = timed(token, [&] { return b.confirm(macA); });
        const auto result = timed(host, [&] { return a.onTokenConfirm(macB); });
        if (result.key.size() != 32) {
            throw std::runtime_error("handshake produced no key");
        }
        out.hostMs.push_back(host);
        out.tokenMs.push_back(token);
        out.totalMs.push_back(host + token);
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 20;
    if (iterations <= 0) {
        std::fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
        return 2;
    }
    try {
        const double reference = bench::median(bench::cardSignMs(iterations));
        std::printf(
            "| curve | host role A (median CPU ms) | token role B (median CPU ms) | handshake "
            "(median CPU ms) | reference: card GOST-256 sign (median CPU ms) | ratio "
            "handshake / card sign |\n|---|---|---|---|---|---|\n");
        for (const auto curve : fkn::ALL_CURVES) {
            const auto run = handshakes(curve, iterations);
            const double total = bench::median(run.totalMs);
            std::printf("| %s | %s | %s | %s | %s | %s |\n",
                std::string(bench::curveName(curve)).c_str(),
                bench::fixed(bench::median(run.hostMs)).c_str(),
                bench::fixed(bench::median(run.tokenMs)).c_str(), bench::fixed(total).c_str(),
                bench::fixed(reference, 3).c_str(), bench::fixed(total / reference, 1).c_str());
        }
        std::printf("\n%d iterations per curve, in-process (tb_fkn roles, no APDUs); reference = "
                    "in-process vtoken Card MSE SET + PSO CDS.\n",
            iterations);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "sespake_inprocess: %s\n", error.what());
        return 1;
    }
}
