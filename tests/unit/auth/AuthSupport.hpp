#pragma once

// Keys, certificates and tokens for the host/auth tests, made in memory with the crypto tests'
// TestCa (tests/unit/crypto/TestCa.hpp).

#include "TestCa.hpp"

#include "crypto/SoftwareSigner.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tokenbridge::auth::test
{

inline constexpr const char* ORIGIN = "https://portal.example";
// 32 bytes of base64: the shortest nonce authenticate accepts.
inline constexpr const char* NONCE = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";

struct Holder
{
    std::unique_ptr<crypto::SoftwareSigner> signer;
    Bytes certificate; // DER
};

// A key of `algorithm` with a certificate of `ca` carrying exactly these usages (empty: the
// extension is left out).
Holder issue(const crypto::test::TestCa& ca, crypto::KeyAlgorithm algorithm,
    std::vector<std::string> keyUsage = { "digitalSignature" },
    std::vector<std::string> extendedKeyUsage = { "1.3.6.1.5.5.7.3.2" });

// The JSON text of a token the way the authenticate command makes it.
std::string makeToken(
    Holder& holder, const std::string& origin = ORIGIN, const std::string& nonce = NONCE);

} // namespace tokenbridge::auth::test
