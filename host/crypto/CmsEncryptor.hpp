#pragma once

#include "core/Bytes.hpp"
#include "GostCipher.hpp"

#include <vector>

namespace tokenbridge::crypto
{

// CMS EnvelopedData (DER) of `data` for every certificate in `recipients` (DER or PEM), the
// content in `cipher`'s CTR-ACPKM-OMAC, as `openssl cms -encrypt -<cipher>-ctr-acpkm-omac` makes
// it: GOST R 34.10-2012 recipients get KExp15/KEG key transport from the gost engine, RSA ones
// key transport and ECDSA ones ECDH key agreement from OpenSSL. RequestError(INVALID_PARAMS) for
// a certificate OpenSSL cannot encrypt to.
Bytes cmsEncrypt(ByteView data, const std::vector<Bytes>& recipients, GostCipher cipher);

} // namespace tokenbridge::crypto
