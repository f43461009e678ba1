#include "LongTermReport.hpp"

#include "CadesAttributes.hpp"
#include "SignerChain.hpp"
#include "Timestamp.hpp"

#include "core/Error.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/GostEngine.hpp"
#include "crypto/OpenSsl.hpp"
#include "crypto/Time.hpp"

#include <openssl/err.h>

namespace tokenbridge::cades
{

namespace
{

    using ObjectPtr = crypto::OpenSslPtr<ASN1_OBJECT, ASN1_OBJECT_free>;

    // The values and the whole DER of each unsigned attribute of one type.
    struct Found
    {
        std::vector<Bytes> values;
        std::vector<Bytes> attributes;
    };

    Found find(CMS_SignerInfo* signer, std::string_view dotted)
    {
        Found out;
        const ObjectPtr type(OBJ_txt2obj(std::string(dotted).c_str(), 1));
        for (int index = CMS_unsigned_get_attr_by_OBJ(signer, type.get(), -1); index >= 0;
             index = CMS_unsigned_get_attr_by_OBJ(signer, type.get(), index)) {
            X509_ATTRIBUTE* attribute = CMS_unsigned_get_attr(signer, index);
            const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
            if (value == nullptr || value->type != V_ASN1_SEQUENCE) {
                continue;
            }
            const auto* data = ASN1_STRING_get0_data(value->value.sequence);
            out.values.emplace_back(data, data + ASN1_STRING_length(value->value.sequence));
            out.attributes.push_back(
                crypto::toDer(attribute, i2d_X509_ATTRIBUTE, "i2d_X509_ATTRIBUTE"));
        }
        return out;
    }

    nlohmann::json timestampJson(const TimestampInfo& info)
    {
        nlohmann::json out = { { "valid", info.valid }, { "tsa", info.tsa } };
        if (info.time != 0) {
            out["time"] = crypto::toIsoTime(info.time);
        }
        if (!info.error.empty()) {
            out["error"] = info.error;
        }
        return out;
    }

    nlohmann::json describe(CMS_SignerInfo* signer, const std::vector<Bytes>& pool)
    {
        const ASN1_OCTET_STRING* signatureValue = CMS_SignerInfo_get0_signature(signer);
        const Bytes signature(ASN1_STRING_get0_data(signatureValue),
            ASN1_STRING_get0_data(signatureValue) + ASN1_STRING_length(signatureValue));
        nlohmann::json out = { { "signatureType", "cades-bes" } };
        const auto stamps = find(signer, oid::SIGNATURE_TIME_STAMP);
        bool stampValid = false;
        if (!stamps.values.empty()) {
            out["signatureType"] = "cades-t";
            const auto info = inspectTimestamp(stamps.values.front(), signature);
            stampValid = info.valid;
            out["timestamp"] = timestampJson(info);
        }
        const auto certificateRefs = find(signer, oid::CERTIFICATE_REFS);
        const auto revocationRefs = find(signer, oid::REVOCATION_REFS);
        const auto escStamps = find(signer, oid::ESC_TIME_STAMP);
        const auto certificateValues = find(signer, oid::CERTIFICATE_VALUES);
        const auto revocationValues = find(signer, oid::REVOCATION_VALUES);
        const bool allFive = !certificateRefs.values.empty() && !revocationRefs.values.empty()
            && !escStamps.values.empty() && !certificateValues.values.empty()
            && !revocationValues.values.empty();
        bool escValid = false;
        if (allFive && !stamps.values.empty()) {
            out["signatureType"] = "cades-x-long-type-1";
            Bytes covered = signature;
            for (const auto& part : { stamps.attributes.front(), certificateRefs.attributes.front(),
                     revocationRefs.attributes.front() }) {
                covered.insert(covered.end(), part.begin(), part.end());
            }
            const auto info = inspectTimestamp(escStamps.values.front(), covered);
            escValid = info.valid;
            out["escTimestamp"] = timestampJson(info);
        }
        bool revocationGood = false;
        X509* certificate = nullptr;
        CMS_SignerInfo_get0_algs(signer, nullptr, &certificate, nullptr, nullptr);
        if (!revocationValues.values.empty() && certificate != nullptr) {
            std::vector<Bytes> all = pool;
            for (auto& der : readCertificateValues(certificateValues.values.front())) {
                all.push_back(std::move(der));
            }
            const auto chain = buildSignerChain(crypto::x509Der(certificate), all, nullptr);
            const auto evidence = readRevocationValues(revocationValues.values.front());
            if (!evidence.empty()) {
                const auto status = revocationStatus(evidence.front(), certificate, chain.issuer());
                revocationGood = status.status == "good" && status.signatureValid;
                out["revocation"] = {
                    { "source",
                        evidence.front().kind == RevocationEvidence::Kind::Ocsp ? "ocsp" : "crl" },
                    { "status", status.status }, { "valid", status.signatureValid }
                };
                if (status.time != 0) {
                    out["revocation"]["time"] = crypto::toIsoTime(status.time);
                }
            }
        }
        out["longTermDataComplete"] = allFive && stampValid && escValid && revocationGood;
        return out;
    }

} // namespace

std::vector<nlohmann::json> describeLongTerm(
    ByteView cmsBytes, const std::vector<Bytes>& certificates)
{
    crypto::ensureGostEngine();
    std::vector<nlohmann::json> out;
    const unsigned char* cursor = cmsBytes.data();
    crypto::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cmsBytes.size())));
    if (!cms) {
        ERR_clear_error();
        return out;
    }
    crypto::X509StackPtr extra(crypto::check(sk_X509_new_null(), "sk_X509_new_null"));
    for (const auto& der : certificates) {
        sk_X509_push(extra.get(), crypto::loadX509(der).release());
    }
    CMS_set1_signers_certs(cms.get(), extra.get(), 0);
    const crypto::X509StackPtr embedded(CMS_get1_certs(cms.get()));
    std::vector<Bytes> pool = certificates;
    for (int i = 0; embedded && i < sk_X509_num(embedded.get()); ++i) {
        pool.push_back(crypto::x509Der(sk_X509_value(embedded.get(), i)));
    }
    ERR_clear_error();
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; i < sk_CMS_SignerInfo_num(signers); ++i) {
        try {
            out.push_back(describe(sk_CMS_SignerInfo_value(signers, i), pool));
        } catch (const Error& error) {
            // A malformed long-term attribute: reported, not a failure of verify itself.
            ERR_clear_error();
            out.push_back({ { "longTermDataComplete", false }, { "longTermError", error.what() } });
        }
    }
    return out;
}

} // namespace tokenbridge::cades
