#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/SlotToken.hpp"
#include "modes/active/TokenLocator.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tokenbridge::modes::active
{
namespace
{

    // The test double refuses a second C_Initialize and answers CKR_CRYPTOKI_NOT_INITIALIZED
    // after C_Finalize, so a module finalized under a user shows up as a failed call.
    TEST(ModuleRegistry, SharesOneInstanceAndFinalizesAfterTheLastUser)
    {
        auto first = Pkcs11Module::load(TB_FAKE_GOST_MODULE);
        auto second = Pkcs11Module::load(TB_FAKE_GOST_MODULE);
        EXPECT_EQ(first.get(), second.get());
        first.reset();
        EXPECT_EQ(second->info().manufacturer, "tokenbridge test double");
        second.reset();
        // Loaded afresh: initialized again (a second C_Initialize without C_Finalize would have
        // been refused by the double, and info() would fail).
        const auto third = Pkcs11Module::load(TB_FAKE_GOST_MODULE);
        EXPECT_EQ(third->info().description, "fake GOST module");
    }

    TEST(ModuleRegistry, ConcurrentLoadAndReleaseNeverUseAFinalizedModule)
    {
        std::atomic<int> failures = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&failures] {
                for (int i = 0; i < 200; ++i) {
                    try {
                        const auto module = Pkcs11Module::load(TB_FAKE_GOST_MODULE);
                        if (module->slotsWithToken().size() != 1) {
                            ++failures;
                        }
                    } catch (const std::exception&) {
                        ++failures;
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        EXPECT_EQ(failures, 0);
    }

    TEST(ModuleRegistry, LoadModulesSkipsBrokenOnesAndLocatesTheToken)
    {
        const auto modules = loadModules({ "/nonexistent/librtpkcs11ecp.so", TB_FAKE_GOST_MODULE });
        ASSERT_EQ(modules.size(), 1u);
        const auto location = locateToken(modules, "Fake GOST Reader 00 00", "0A1B2C3D");
        ASSERT_TRUE(location.has_value());
        EXPECT_EQ(location->module, modules.front());
        EXPECT_EQ(describeSlot(*location->module, location->slot).label, "fake gost");
        EXPECT_FALSE(locateToken(modules, "Fake GOST Reader 00 00", "0A1B2C3E").has_value());
        EXPECT_FALSE(locateToken({}, "Fake GOST Reader 00 00", "").has_value());
    }

} // namespace
} // namespace tokenbridge::modes::active
