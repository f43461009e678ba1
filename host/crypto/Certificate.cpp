#include "Certificate.hpp"

#include "DistinguishedName.hpp"
#include "GostEngine.hpp"
#include "Hasher.hpp"
#include "KeyAlgorithm.hpp"
#include "Oids.hpp"
#include "PublicKey.hpp"
#include "Time.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace tokenbridge::crypto
{

namespace
{

    struct KeyUsageBit
    {
        std::uint32_t flag;
        std::string_view name;
    };
    constexpr KeyUsageBit KEY_USAGE_FLAGS[] = {
        { KU_DIGITAL_SIGNATURE, "digitalSignature" },
        { KU_NON_REPUDIATION, "nonRepudiation" },
        { KU_KEY_ENCIPHERMENT, "keyEncipherment" },
        { KU_DATA_ENCIPHERMENT, "dataEncipherment" },
        { KU_KEY_AGREEMENT, "keyAgreement" },
        { KU_KEY_CERT_SIGN, "keyCertSign" },
        { KU_CRL_SIGN, "cRLSign" },
        { KU_ENCIPHER_ONLY, "encipherOnly" },
        { KU_DECIPHER_ONLY, "decipherOnly" },
    };

    std::string objectText(const ASN1_OBJECT* object)
    {
        char buffer[128];
        const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
        return length > 0 ? std::string(
                   buffer, static_cast<std::size_t>(std::min<int>(length, sizeof buffer - 1)))
                          : "";
    }

    std::vector<NameEntry> nameEntries(const X509_NAME* name)
    {
        std::vector<NameEntry> entries;
        for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
            const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
            const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
            NameEntry out;
            out.oid = objectText(object);
            if (const auto* type = findNameAttributeByOid(out.oid)) {
                out.key = type->key;
            } else if (const int nid = OBJ_obj2nid(object); nid != NID_undef) {
                out.key = OBJ_nid2sn(nid);
            } else {
                out.key = out.oid;
            }
            unsigned char* utf8 = nullptr;
            const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
            if (length < 0) {
                throwOpenSslInputError("certificate name entry");
            }
            out.value.assign(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
            OPENSSL_free(utf8);
            entries.push_back(std::move(out));
        }
        return entries;
    }

    std::string nameText(const X509_NAME* name)
    {
        BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
        X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(length));
    }

    std::vector<std::string> extendedKeyUsage(X509* certificate)
    {
        std::vector<std::string> out;
        auto* usages = static_cast<EXTENDED_KEY_USAGE*>(
            X509_get_ext_d2i(certificate, NID_ext_key_usage, nullptr, nullptr));
        if (usages != nullptr) {
            for (int i = 0; i < sk_ASN1_OBJECT_num(usages); ++i) {
                out.push_back(objectText(sk_ASN1_OBJECT_value(usages, i)));
            }
            EXTENDED_KEY_USAGE_free(usages);
        }
        return out;
    }

    using PoliciesPtr = OpenSslPtr<CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free>;

    // The certificatePolicies OIDs (a chooser filters on them); qualifiers are not shown.
    std::vector<std::string> policyOids(X509* certificate)
    {
        std::vector<std::string> out;
        const PoliciesPtr policies(static_cast<CERTIFICATEPOLICIES*>(
            X509_get_ext_d2i(certificate, NID_certificate_policies, nullptr, nullptr)));
        for (int i = 0; policies && i < sk_POLICYINFO_num(policies.get()); ++i) {
            out.push_back(objectText(sk_POLICYINFO_value(policies.get(), i)->policyid));
        }
        return out;
    }

    std::string algorithmName(const SpkiFields& spki)
    {
        for (auto algorithm :
            { KeyAlgorithm::Gost2012_256, KeyAlgorithm::Gost2012_512, KeyAlgorithm::Rsa }) {
            if (keyAlgorithmInfo(algorithm).keyOid == spki.algorithmOid) {
                return std::string(keyAlgorithmInfo(algorithm).name);
            }
        }
        if (spki.algorithmOid == oid::EC_PUBLIC_KEY && spki.paramSetOid == oid::PRIME256V1) {
            return std::string(keyAlgorithmInfo(KeyAlgorithm::EcdsaP256).name);
        }
        return spki.algorithmOid;
    }

    nlohmann::json namesJson(const std::vector<NameEntry>& entries)
    {
        auto out = nlohmann::json::array();
        for (const auto& entry : entries) {
            out.push_back(
                { { "oid", entry.oid }, { "type", entry.key }, { "value", entry.value } });
        }
        return out;
    }

} // namespace

X509Ptr loadX509(ByteView derOrPem)
{
    ensureGostEngine();
    const unsigned char* cursor = derOrPem.data();
    X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(derOrPem.size())));
    if (!certificate) {
        ERR_clear_error();
        BioPtr bio(check(BIO_new_mem_buf(derOrPem.data(), static_cast<int>(derOrPem.size())),
            "BIO_new_mem_buf"));
        certificate.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    }
    if (!certificate) {
        throwOpenSslInputError("not an X.509 certificate");
    }
    return certificate;
}

Bytes x509Der(X509* certificate)
{
    return toDer(certificate, i2d_X509, "i2d_X509");
}

CertificateInfo parseCertificate(ByteView derOrPem)
{
    const X509Ptr certificate = loadX509(derOrPem);
    X509* x = certificate.get();
    CertificateInfo info;
    info.der = x509Der(x);
    info.subject = nameEntries(X509_get_subject_name(x));
    info.issuer = nameEntries(X509_get_issuer_name(x));
    info.subjectDn = nameText(X509_get_subject_name(x));
    info.issuerDn = nameText(X509_get_issuer_name(x));

    BignumPtr serial(check(ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr), "serial"));
    Bytes serialBytes(static_cast<std::size_t>(BN_num_bytes(serial.get())));
    BN_bn2bin(serial.get(), serialBytes.data());
    info.serialNumber = serialBytes.empty() ? "00" : toHex(serialBytes);

    info.notBefore = fromAsn1Time(X509_get0_notBefore(x));
    info.notAfter = fromAsn1Time(X509_get0_notAfter(x));
    const std::uint32_t usage = X509_get_key_usage(x);
    if (usage != UINT32_MAX) {
        for (const auto& bit : KEY_USAGE_FLAGS) {
            if (usage & bit.flag) {
                info.keyUsage.emplace_back(bit.name);
            }
        }
    }
    info.extendedKeyUsage = extendedKeyUsage(x);
    info.policies = policyOids(x);

    const int spkiLength = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), nullptr);
    info.spki.resize(static_cast<std::size_t>(std::max(spkiLength, 0)));
    unsigned char* cursor = info.spki.data();
    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &cursor);
    const SpkiFields spki = parseSpki(info.spki);
    info.publicKeyAlgorithmOid = spki.algorithmOid;
    info.publicKeyParamSetOid = spki.paramSetOid;
    info.publicKeyAlgorithm = algorithmName(spki);

    info.thumbprintSha1 = toHex(hash(HashAlgorithm::Sha1, info.der));
    info.thumbprintStreebog256 = toHex(hash(HashAlgorithm::Streebog256, info.der));
    return info;
}

std::optional<std::string> CertificateInfo::subjectAttribute(std::string_view key) const
{
    for (const auto& entry : subject) {
        if (entry.key == key || entry.oid == key) {
            return entry.value;
        }
    }
    return std::nullopt;
}

nlohmann::json CertificateInfo::toJson() const
{
    return {
        { "subject", namesJson(subject) },
        { "issuer", namesJson(issuer) },
        { "subjectDn", subjectDn },
        { "issuerDn", issuerDn },
        { "serialNumber", serialNumber },
        { "notBefore", toIsoTime(notBefore) },
        { "notAfter", toIsoTime(notAfter) },
        { "keyUsage", keyUsage },
        { "extendedKeyUsage", extendedKeyUsage },
        { "policies", policies },
        { "publicKeyAlgorithm", publicKeyAlgorithm },
        { "publicKeyAlgorithmOid", publicKeyAlgorithmOid },
        { "publicKeyParamSetOid", publicKeyParamSetOid },
        { "subjectPublicKeyInfo", toBase64(spki) },
        { "thumbprintSha1", thumbprintSha1 },
        { "thumbprintStreebog256", thumbprintStreebog256 },
        { "certificate", toBase64(der) },
    };
}

} // namespace tokenbridge::crypto
