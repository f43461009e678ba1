#include "CsrBuilder.hpp"

#include "Der.hpp"
#include "DistinguishedName.hpp"
#include "Hasher.hpp"
#include "Oids.hpp"
#include "core/Error.hpp"

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    // RFC 5280 §4.2.1.3 KeyUsage bit numbers.
    constexpr std::string_view KEY_USAGE_BITS[] = { "digitalSignature", "nonRepudiation",
        "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
        "encipherOnly", "decipherOnly" };

    Bytes keyUsageValue(const std::vector<std::string>& names)
    {
        Bytes bits(2, 0);
        int highest = -1;
        for (const auto& name : names) {
            const auto* found =
                std::find(std::begin(KEY_USAGE_BITS), std::end(KEY_USAGE_BITS), name);
            if (found == std::end(KEY_USAGE_BITS)) {
                throw RequestError(ErrorCode::INVALID_PARAMS, "unknown keyUsage: " + name);
            }
            const int bit = static_cast<int>(found - std::begin(KEY_USAGE_BITS));
            bits[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            highest = std::max(highest, bit);
        }
        // DER named bit list: no trailing zero bits.
        const std::size_t bytes = static_cast<std::size_t>(highest / 8 + 1);
        bits.resize(bytes);
        unsigned unused = 0;
        while (unused < 7 && !(bits.back() & (1u << unused))) {
            ++unused;
        }
        return der::bitString(bits, unused);
    }

    Bytes extension(std::string_view oidText, bool critical, const Bytes& value)
    {
        std::vector<Bytes> parts { der::oid(oidText) };
        if (critical) {
            parts.push_back(der::boolean(true));
        }
        parts.push_back(der::octetString(value));
        return der::sequence(parts);
    }

    Bytes oidSequence(const std::vector<std::string>& oids, bool wrapEach)
    {
        std::vector<Bytes> elements;
        for (const auto& text : oids) {
            elements.push_back(wrapEach ? der::sequence({ der::oid(text) }) : der::oid(text));
        }
        return der::sequence(elements);
    }

    Bytes extensions(const CsrRequest& request)
    {
        std::vector<Bytes> list;
        if (!request.keyUsage.empty()) {
            list.push_back(extension(
                oid::KEY_USAGE, request.keyUsageCritical, keyUsageValue(request.keyUsage)));
        }
        if (!request.extendedKeyUsage.empty()) {
            list.push_back(
                extension(oid::EXT_KEY_USAGE, false, oidSequence(request.extendedKeyUsage, false)));
        }
        if (!request.certificatePolicies.empty()) {
            list.push_back(extension(
                oid::CERTIFICATE_POLICIES, false, oidSequence(request.certificatePolicies, true)));
        }
        if (request.subjectSignTool) {
            const auto& tool = *request.subjectSignTool;
            if (tool.empty() || tool.size() > 200) {
                throw RequestError(
                    ErrorCode::INVALID_PARAMS, "subjectSignTool must have 1..200 characters");
            }
            list.push_back(
                extension(oid::SUBJECT_SIGN_TOOL, false, der::string(der::tag::UTF8_STRING, tool)));
        }
        return der::sequence(list);
    }

} // namespace

CsrRequest defaultQualifiedCsrRequest(nlohmann::json subject)
{
    CsrRequest request;
    request.subject = std::move(subject);
    request.keyUsage = { "digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment" };
    request.extendedKeyUsage = { "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.2.643.2.2.34.6" };
    return request;
}

Bytes buildCsr(Signer& signer, const CsrRequest& request)
{
    std::vector<Bytes> info { der::integer(0), buildName(request.subject), signer.publicKeySpki() };
    const Bytes exts = extensions(request);
    std::vector<Bytes> attributes;
    if (exts.size() > 2) {
        attributes.push_back(
            der::sequence({ der::oid(oid::EXTENSION_REQUEST), der::setOf({ exts }) }));
    }
    info.push_back(der::setOfTagged(der::tag::contextConstructed(0), attributes));
    const Bytes requestInfo = der::sequence(info);

    const auto& algorithm = keyAlgorithmInfo(signer.algorithm());
    const Bytes signature = signer.signDigest(hash(algorithm.digest, requestInfo));
    return der::sequence({ requestInfo,
        der::algorithm(algorithm.x509SignatureOid, algorithm.x509SignatureNullParams),
        der::bitString(signature) });
}

std::string toPem(const Bytes& der, std::string_view label)
{
    const std::string base64 = toBase64(der);
    std::string out = "-----BEGIN " + std::string(label) + "-----\n";
    for (std::size_t i = 0; i < base64.size(); i += 64) {
        out += base64.substr(i, 64) + "\n";
    }
    out += "-----END " + std::string(label) + "-----\n";
    return out;
}

} // namespace tokenbridge::crypto
