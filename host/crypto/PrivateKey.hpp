#pragma once

#include "core/Bytes.hpp"
#include "KeyAlgorithm.hpp"
#include "OpenSsl.hpp"
#include "PublicKey.hpp"
#include "SecureBuffer.hpp"

#include <string>
#include <string_view>

namespace tokenbridge::crypto
{

// GOST private key in our own container format: the scalar d as little-endian bytes (32 or 64,
// the CryptoPro/pygost convention) plus the curve's parameter-set OID.
struct RawPrivateKey
{
    KeyAlgorithm algorithm = KeyAlgorithm::Gost2012_256;
    std::string paramSetOid;
    SecureBuffer scalarLittleEndian;
};

// An in-memory private key (EVP_PKEY; GOST keys live in the gost engine).
class PrivateKey
{
public:
    // gostParamSet is the engine's name: 256-bit A B C XA XB TCA TCB TCC TCD, 512-bit A B C.
    // Empty = "A". Ignored for ECDSA P-256 and RSA (2048 bit).
    static PrivateKey generate(KeyAlgorithm algorithm, std::string_view gostParamSet = {});
    // PKCS#8 PrivateKeyInfo (or a traditional format OpenSSL recognizes).
    static PrivateKey fromDer(ByteView der);
    static PrivateKey fromPem(std::string_view pem);
    static PrivateKey fromRaw(const RawPrivateKey& raw);

    // Unencrypted PKCS#8 (DER / PEM "PRIVATE KEY").
    [[nodiscard]] SecureBuffer toDer() const;
    [[nodiscard]] SecureBuffer toPem() const;
    // GOST only.
    [[nodiscard]] RawPrivateKey toRaw() const;

    [[nodiscard]] KeyAlgorithm algorithm() const;
    [[nodiscard]] PublicKey publicKey() const;
    [[nodiscard]] EVP_PKEY* get() const noexcept { return _key.get(); }

private:
    explicit PrivateKey(EvpPkeyPtr key);
    EvpPkeyPtr _key;
};

} // namespace tokenbridge::crypto
