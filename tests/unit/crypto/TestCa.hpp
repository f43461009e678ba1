#pragma once

// Test-only certificate authority: issues certificates from PKCS#10 requests with the OpenSSL API
// (the CA key is an ordinary in-memory key; production code never holds one).

#include "crypto/OpenSsl.hpp"
#include "crypto/PrivateKey.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tokenbridge::crypto::test
{

class TestCa
{
public:
    explicit TestCa(KeyAlgorithm algorithm = KeyAlgorithm::Gost2012_256,
        std::string_view paramSet = "A", const std::string& commonName = "Test GOST CA");
    [[nodiscard]] Bytes rootDer() const;
    [[nodiscard]] std::string rootPem() const;
    // Copies subject, public key and requested extensions; verifies the request signature first.
    [[nodiscard]] Bytes issue(ByteView csrDer, long serial = 2) const;
    // The same, plus extensions of the CA's own (NID, OpenSSL config value), e.g.
    // { NID_info_access, "OCSP;URI:http://127.0.0.1:1/" }.
    [[nodiscard]] Bytes issue(ByteView csrDer, long serial,
        const std::vector<std::pair<int, std::string>>& caExtensions) const;

private:
    PrivateKey _key;
    X509Ptr _root;
};

// A self-signed certificate with an exact issuer/subject Name and serial (for the TC26 messages,
// whose SignerInfo names a certificate that is not included).
Bytes selfSigned(const PrivateKey& key, const X509_NAME* name, ASN1_INTEGER* serial);

} // namespace tokenbridge::crypto::test

#include "crypto/SoftwareSigner.hpp"

#include <memory>

namespace tokenbridge::crypto::test
{

struct IssuedSigner
{
    std::unique_ptr<SoftwareSigner> signer;
    Bytes certificate;
};

// A fresh key, a CSR built by buildCsr (defaultQualifiedCsrRequest with CN, C, SNILS, INN) and a
// certificate for it from `ca`.
IssuedSigner issueSigner(const TestCa& ca, KeyAlgorithm algorithm, std::string_view paramSet,
    const std::string& commonName, long serial = 2);

} // namespace tokenbridge::crypto::test
