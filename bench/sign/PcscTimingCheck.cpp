// CTest bench.pcsc_timing_callers (under scripts/with-virtual-tokens.sh, one token): PcscTiming
// puts each PC/SC call down to its caller. The host's calls here go through host/pcsc linked
// into this executable; the module's are libvtoken-pkcs11.so's, dlopen()ed as the host's active
// mode loads it.
#include "PcscTiming.hpp"

#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

namespace
{

using namespace tokenbridge;
using bench::formatCounts;
using bench::pcscCounters;

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr) {
        throw std::runtime_error(std::string(name) + " unset: run under with-virtual-tokens.sh");
    }
    return value;
}

// What the host does for one operation on a token: list, connect, one APDU in a transaction.
void hostCalls()
{
    const auto context = std::make_shared<pcsc::Context>();
    (void)context->listReaders(); // one listing and its snapshot
    pcsc::Card card(context, env("VTOKEN_0_READER"));
    const auto transaction = card.beginTransaction();
    if (!card.transmit({ 0x00, 0xCA, 0x01, 0x81, {}, 256 }).isOk()) {
        throw std::runtime_error("GET DATA failed");
    }
}

// The module finding its slots and tokens.
void moduleCalls()
{
    void* module = dlopen(env("VTOKEN_PKCS11_MODULE").c_str(), RTLD_NOW | RTLD_LOCAL);
    auto* get = module ? reinterpret_cast<CK_C_GetFunctionList>(dlsym(module, "C_GetFunctionList"))
                       : nullptr;
    CK_FUNCTION_LIST* f = nullptr;
    if (get == nullptr || get(&f) != CKR_OK || f->C_Initialize(nullptr) != CKR_OK) {
        throw std::runtime_error("cannot load the PKCS#11 module");
    }
    CK_ULONG count = 0;
    const CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &count);
    f->C_Finalize(nullptr);
    dlclose(module);
    if (rv != CKR_OK || count == 0) {
        throw std::runtime_error("the module sees no token");
    }
}

int expect(const char* what, bool holds, const bench::PcscCallerCounters& counters)
{
    if (holds) {
        return 0;
    }
    std::fprintf(stderr, "%s: unexpected counts %s\n", what, formatCounts(counters).c_str());
    return 1;
}

} // namespace

int main()
{
    try {
        const auto start = pcscCounters();
        hostCalls();
        const auto host = pcscCounters() - start;
        moduleCalls();
        const auto module = pcscCounters() - start - host;

        // listings/snapshots/connects/transactions/apdus
        int failures = expect("host", formatCounts(host.host) == "1/1/1/1/1", host.host);
        failures += expect("module during the host's calls",
            formatCounts(host.module) == "0/0/0/0/0", host.module);
        failures += expect("host during the module's calls",
            formatCounts(module.host) == "0/0/0/0/0", module.host);
        // One listing; a connect, transaction and GET DATA at least for the token's reader.
        const auto& m = module.module;
        failures += expect("module",
            m.listings == 1 && m.snapshots == 0 && m.connects >= 1 && m.transactions >= 1
                && m.apdus == m.transactions,
            m);
        if (failures != 0) {
            return 1;
        }
        std::printf("pcsc timing callers: host %s, module %s\n", formatCounts(host.host).c_str(),
            formatCounts(m).c_str());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "pcsc_timing_check: %s\n", error.what());
        return 1;
    }
}
