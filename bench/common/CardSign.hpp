// The card OS's own work for one active-mode signature, measured on an in-process vtoken Card
// (the same command handlers vtoken runs behind pcscd): no PC/SC, no process switch.
#pragma once

#include <vector>

namespace tokenbridge::bench
{

// CPU milliseconds of MSE SET + PSO COMPUTE DIGITAL SIGNATURE (GOST 2012-256) per iteration, on a
// factory rutoken-ecp-2.0-2100 after a user VERIFY and an on-card key generation.
std::vector<double> cardSignMs(int iterations);

} // namespace tokenbridge::bench
