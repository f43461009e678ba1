#pragma once

#include <openssl/engine.h>

namespace tokenbridge::crypto
{

// Loads the gost engine once per process (thread-safe) and makes it the default for the methods
// it implements. The engine, not the gostprov provider, is used because only the engine has GOST
// key management and signatures in libengine-gost-openssl 3.0.x. The program loads it itself so
// that the system openssl.cnf stays untouched. Throws FatalError if the engine is not installed.
// Every public entry point of host/crypto calls this, so callers never need to.
ENGINE* ensureGostEngine();

} // namespace tokenbridge::crypto
