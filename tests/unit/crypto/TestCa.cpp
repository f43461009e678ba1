#include "TestCa.hpp"

#include "crypto/Certificate.hpp"
#include "crypto/HashAlgorithm.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace tokenbridge::crypto::test
{

namespace
{

    const EVP_MD* caDigest(const PrivateKey& key)
    {
        return evpMd(keyAlgorithmInfo(key.algorithm()).digest);
    }

    void addExtension(X509* certificate, X509* issuer, int nid, const char* value)
    {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, issuer, certificate, nullptr, nullptr, 0);
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        if (extension == nullptr || X509_add_ext(certificate, extension, -1) != 1) {
            throw std::runtime_error("cannot add extension");
        }
        X509_EXTENSION_free(extension);
    }

    X509Ptr newCertificate(EVP_PKEY* subjectKey, long serial, long days)
    {
        X509Ptr certificate(X509_new());
        X509_set_version(certificate.get(), 2);
        ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial);
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), days * 86400);
        X509_set_pubkey(certificate.get(), subjectKey);
        return certificate;
    }

} // namespace

TestCa::TestCa(KeyAlgorithm algorithm, std::string_view paramSet, const std::string& commonName) :
    _key(PrivateKey::generate(algorithm, paramSet))
{
    _root = newCertificate(_key.get(), 1, 3650);
    X509_NAME* name = X509_get_subject_name(_root.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
        reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("RU"), -1, -1, 0);
    X509_set_issuer_name(_root.get(), name);
    addExtension(_root.get(), _root.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExtension(_root.get(), _root.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(_root.get(), _root.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(_root.get(), _key.get(), caDigest(_key)) <= 0) {
        throw std::runtime_error("cannot sign the root");
    }
}

Bytes TestCa::rootDer() const
{
    return x509Der(_root.get());
}

std::string TestCa::rootPem() const
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), _root.get());
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

Bytes TestCa::issue(ByteView csrDer, long serial) const
{
    return issue(csrDer, serial, {});
}

Bytes TestCa::issue(ByteView csrDer, long serial,
    const std::vector<std::pair<int, std::string>>& caExtensions) const
{
    const unsigned char* cursor = csrDer.data();
    X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(csrDer.size())));
    if (!request) {
        throw std::runtime_error("bad CSR: " + takeOpenSslError());
    }
    EvpPkeyPtr subjectKey(X509_REQ_get_pubkey(request.get()));
    if (!subjectKey || X509_REQ_verify(request.get(), subjectKey.get()) != 1) {
        throw std::runtime_error("CSR signature does not verify: " + takeOpenSslError());
    }
    X509Ptr certificate = newCertificate(subjectKey.get(), serial, 365);
    X509_set_subject_name(certificate.get(), X509_REQ_get_subject_name(request.get()));
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(_root.get()));
    STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request.get());
    for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
        X509_add_ext(certificate.get(), sk_X509_EXTENSION_value(extensions, i), -1);
    }
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    addExtension(certificate.get(), _root.get(), NID_authority_key_identifier, "keyid:always");
    for (const auto& [nid, value] : caExtensions) {
        addExtension(certificate.get(), _root.get(), nid, value.c_str());
    }
    if (X509_sign(certificate.get(), _key.get(), caDigest(_key)) <= 0) {
        throw std::runtime_error("cannot sign the certificate");
    }
    return x509Der(certificate.get());
}

Bytes selfSigned(const PrivateKey& key, const X509_NAME* name, ASN1_INTEGER* serial)
{
    X509Ptr certificate = newCertificate(key.get(), 1, 365);
    X509_set_serialNumber(certificate.get(), serial);
    X509_set_subject_name(certificate.get(), name);
    X509_set_issuer_name(certificate.get(), name);
    addExtension(certificate.get(), certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
    if (X509_sign(certificate.get(), key.get(), caDigest(key)) <= 0) {
        throw std::runtime_error("cannot self-sign");
    }
    return x509Der(certificate.get());
}

} // namespace tokenbridge::crypto::test

#include "crypto/CsrBuilder.hpp"

namespace tokenbridge::crypto::test
{

IssuedSigner issueSigner(const TestCa& ca, KeyAlgorithm algorithm, std::string_view paramSet,
    const std::string& commonName, long serial)
{
    IssuedSigner out;
    out.signer = std::make_unique<SoftwareSigner>(PrivateKey::generate(algorithm, paramSet));
    const auto request = defaultQualifiedCsrRequest({ { "CN", commonName }, { "C", "RU" },
        { "SNILS", "12345678901" }, { "INN", "123456789012" } });
    out.certificate = ca.issue(buildCsr(*out.signer, request), serial);
    return out;
}

} // namespace tokenbridge::crypto::test
