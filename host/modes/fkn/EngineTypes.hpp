#pragma once

#include "fkn/FknHostSession.hpp"
#include "fkn/SecureChannel.hpp"

namespace tokenbridge::modes::fkn
{

// What the FKN key store takes from the FKN engine (host/fkn, shared with vtoken).
using tokenbridge::fkn::randomScalar;
using tokenbridge::fkn::ScalarSource;
using tokenbridge::fkn::SecureChannel;
using tokenbridge::fkn::Transmit;

} // namespace tokenbridge::modes::fkn
