// security::hardenProcess() in this test process; security_host_hardening checks the real host.
#include "security/ProcessHardening.hpp"

#include <gtest/gtest.h>

#include <sys/prctl.h>
#include <sys/resource.h>

TEST(ProcessHardening, noCoreDumpAndNotDumpable)
{
    ASSERT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1) << "a fresh process starts dumpable";
    EXPECT_EQ(tokenbridge::security::hardenProcess(), "");
    EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    rlimit core {};
    ASSERT_EQ(::getrlimit(RLIMIT_CORE, &core), 0);
    EXPECT_EQ(core.rlim_cur, 0U);
    EXPECT_EQ(core.rlim_max, 0U);
}
