// CMS EnvelopedData as a page hands it to `decrypt` (crypto/CmsDecryptor.hpp): our own DER
// parsing of the envelope and the GOST key transport, KImp15 and the content's OMAC. Refusals
// only INVALID_PARAMS, NOT_A_RECIPIENT, DECRYPTION_FAILED. Byte 0 picks the mode:
// - even: the rest is the message, for the fuzzer's fixed recipient;
// - odd: the rest (after byte 1 and 2) is a plaintext that cmsEncrypt encrypts to the recipient
//   (byte 1 picks the cipher), then byte 2 says which byte to flip (0: none). An unchanged message
//   must decrypt to the plaintext; a flipped byte may only be refused or, where the byte is not
//   covered by a MAC (a length-preserving change of an unused field), still give the plaintext.

#include "FuzzSupport.hpp"

#include "crypto/CmsDecryptor.hpp"
#include "crypto/CmsEncryptor.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/PrivateKey.hpp"
#include "crypto/SoftwareKeyAgreement.hpp"

#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::crypto;

namespace
{

// A fixed key (results must not depend on randomness between runs) and a self-signed
// certificate for it, named CN=fuzz recipient, serial 1: the seeds are addressed to this name.
struct Recipient
{
    PrivateKey key = PrivateKey::fromRaw(
        { KeyAlgorithm::Gost2012_256, "1.2.643.7.1.2.1.1.1", SecureBuffer(Bytes(32, 0x11)) });
    Bytes certificate = makeCertificate();

    Bytes makeCertificate() const
    {
        X509Ptr x509(check(X509_new(), "X509_new"));
        X509_set_version(x509.get(), 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x509.get()), 1);
        X509_NAME* name = X509_get_subject_name(x509.get());
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>("fuzz recipient"), -1, -1, 0);
        X509_set_issuer_name(x509.get(), name);
        X509_gmtime_adj(X509_getm_notBefore(x509.get()), 0);
        X509_gmtime_adj(X509_getm_notAfter(x509.get()), 3600);
        X509_set_pubkey(x509.get(), key.get());
        check(X509_sign(x509.get(), key.get(), EVP_get_digestbyname("md_gost12_256")) > 0 ? 1 : 0,
            "X509_sign");
        return toDer(x509.get(), i2d_X509, "i2d_X509");
    }
};

const Recipient& recipient()
{
    static const Recipient instance;
    return instance;
}

Bytes decrypt(ByteView cms)
{
    SoftwareKeyAgreement agreement(PrivateKey::fromDer(recipient().key.toDer().view()));
    return cmsDecrypt(cms, recipient().certificate, agreement);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3) {
        return 0;
    }
    const std::initializer_list<ErrorCode> refusals = { ErrorCode::INVALID_PARAMS,
        ErrorCode::NOT_A_RECIPIENT, ErrorCode::DECRYPTION_FAILED };
    if (data[0] % 2 == 0) {
        fuzz::refusesOnly(refusals, [&] { (void)decrypt(ByteView(data + 1, size - 1)); });
        return 0;
    }
    const Bytes plain(data + 3, data + size);
    const auto cipher = data[1] % 2 == 0 ? GostCipher::Kuznyechik : GostCipher::Magma;
    if (plain.empty()) { // nothing to encrypt: a typed refusal, never a crash
        fuzz::refusesOnly(
            refusals, [&] { (void)cmsEncrypt(plain, { recipient().certificate }, cipher); });
        return 0;
    }
    auto cms = cmsEncrypt(plain, { recipient().certificate }, cipher);
    if (data[2] == 0) {
        fuzz::check(decrypt(cms) == plain, "an unchanged message does not decrypt to its content");
        return 0;
    }
    cms[(data[2] * 7919u) % cms.size()] ^= data[2];
    fuzz::refusesOnly(refusals,
        [&] { fuzz::check(decrypt(cms) == plain, "a changed message decrypts to other content"); });
    return 0;
}
