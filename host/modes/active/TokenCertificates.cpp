#include "TokenCertificates.hpp"

#include "KeyPairs.hpp"
#include "Session.hpp"
#include "crypto/Certificate.hpp"
#include "core/Error.hpp"

#include <openssl/x509.h>

namespace tokenbridge::modes::active
{

namespace
{

    template <typename T, int (*Encode)(const T*, unsigned char**)> Bytes encode(const T* value)
    {
        const int length = Encode(value, nullptr);
        if (length <= 0) {
            crypto::throwOpenSslError("DER encoding of a certificate field");
        }
        Bytes out(static_cast<std::size_t>(length));
        unsigned char* cursor = out.data();
        Encode(value, &cursor);
        return out;
    }

    std::vector<TokenCertificate> find(Session& session, AttributeTemplate& filter)
    {
        std::vector<TokenCertificate> result;
        for (const auto handle : session.findObjects(filter)) {
            TokenCertificate certificate;
            certificate.handle = handle;
            certificate.id = session.attribute(handle, CKA_ID).value_or(Bytes {});
            const auto label = session.attribute(handle, CKA_LABEL).value_or(Bytes {});
            certificate.label.assign(label.begin(), label.end());
            certificate.der = session.attribute(handle, CKA_VALUE).value_or(Bytes {});
            result.push_back(std::move(certificate));
        }
        return result;
    }

    AttributeTemplate x509Filter()
    {
        AttributeTemplate filter;
        filter.addUlong(CKA_CLASS, CKO_CERTIFICATE).addUlong(CKA_CERTIFICATE_TYPE, CKC_X_509);
        return filter;
    }

} // namespace

std::vector<TokenCertificate> listCertificates(Session& session)
{
    auto filter = x509Filter();
    return find(session, filter);
}

std::vector<TokenCertificate> certificatesWithId(Session& session, ByteView id)
{
    auto filter = x509Filter();
    filter.add(CKA_ID, id);
    return find(session, filter);
}

TokenCertificate importCertificate(Session& session, ByteView derOrPem, std::string_view label)
{
    const auto info = crypto::parseCertificate(derOrPem);
    const auto pair = findKeyPairBySpki(session, info.spki);
    if (!pair) {
        throw RequestError(
            ErrorCode::KEY_NOT_FOUND, "no key on the token matches the certificate's public key");
    }
    for (auto& existing : certificatesWithId(session, pair->id)) {
        if (existing.der == info.der) {
            return existing;
        }
    }
    const auto x509 = crypto::loadX509(info.der);
    AttributeTemplate values = x509Filter();
    values.addBool(CKA_TOKEN, true)
        .addBool(CKA_PRIVATE, false)
        .addUlong(CKA_CERTIFICATE_CATEGORY, 1) // token user: it certifies a key on this token
        .addText(CKA_LABEL, label)
        .add(CKA_ID, pair->id)
        .add(CKA_SUBJECT, encode<X509_NAME, i2d_X509_NAME>(X509_get_subject_name(x509.get())))
        .add(CKA_ISSUER, encode<X509_NAME, i2d_X509_NAME>(X509_get_issuer_name(x509.get())))
        .add(CKA_SERIAL_NUMBER,
            encode<ASN1_INTEGER, i2d_ASN1_INTEGER>(X509_get0_serialNumber(x509.get())))
        .add(CKA_VALUE, info.der);
    TokenCertificate stored;
    stored.handle = session.createObject(values);
    stored.id = pair->id;
    stored.label = label;
    stored.der = info.der;
    return stored;
}

} // namespace tokenbridge::modes::active
