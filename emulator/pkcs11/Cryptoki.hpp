#pragma once

// The module's one include of the Cryptoki headers: p11-kit's pkcs11.h (PKCS#11 2.40) and
// pkcs11x.h (the TC26 GOST 2012 block, 0xD4321000). The C_* prototypes are declared with default
// visibility, so every function of the list is also an exported symbol: some clients dlsym
// C_Initialize, C_Sign, ... directly instead of going through C_GetFunctionList. Everything else
// of the module stays hidden (CXX_VISIBILITY_PRESET hidden, --exclude-libs).
#pragma GCC visibility push(default)
#include <p11-kit/pkcs11.h>
#include <p11-kit/pkcs11x.h>
#pragma GCC visibility pop
