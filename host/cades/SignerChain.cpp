#include "SignerChain.hpp"

#include "crypto/Certificate.hpp"
#include "core/Log.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

namespace tokenbridge::cades
{

namespace
{

    constexpr int MAX_DEPTH = 8;

    inline void freeDistributionPoints(AUTHORITY_INFO_ACCESS* info)
    {
        AUTHORITY_INFO_ACCESS_free(info);
    }
    using AccessPtr = crypto::OpenSslPtr<AUTHORITY_INFO_ACCESS, freeDistributionPoints>;

    bool issued(X509* issuer, X509* subject)
    {
        const bool yes = X509_check_issued(issuer, subject) == X509_V_OK;
        ERR_clear_error();
        return yes;
    }

    std::vector<std::string> caIssuerUrls(X509* certificate)
    {
        std::vector<std::string> urls;
        const AccessPtr access(static_cast<AUTHORITY_INFO_ACCESS*>(
            X509_get_ext_d2i(certificate, NID_info_access, nullptr, nullptr)));
        for (int i = 0; access && i < sk_ACCESS_DESCRIPTION_num(access.get()); ++i) {
            const ACCESS_DESCRIPTION* entry = sk_ACCESS_DESCRIPTION_value(access.get(), i);
            if (OBJ_obj2nid(entry->method) == NID_ad_ca_issuers
                && entry->location->type == GEN_URI) {
                const ASN1_IA5STRING* uri = entry->location->d.uniformResourceIdentifier;
                urls.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                    static_cast<std::size_t>(ASN1_STRING_length(uri)));
            }
        }
        return urls;
    }

    crypto::X509Ptr fetchIssuer(X509* subject, const Fetch& fetch)
    {
        for (const auto& url : caIssuerUrls(subject)) {
            try {
                auto candidate = crypto::loadX509(fetch(url, {}, {}));
                if (issued(candidate.get(), subject)) {
                    return candidate;
                }
            } catch (const std::exception& error) {
                log::info("caIssuers " + url + ": " + error.what());
            }
        }
        return nullptr;
    }

} // namespace

std::vector<Bytes> SignerChain::authoritiesDer() const
{
    std::vector<Bytes> out;
    for (const auto& authority : authorities) {
        out.push_back(crypto::x509Der(authority.get()));
    }
    return out;
}

SignerChain buildSignerChain(ByteView signer, const std::vector<Bytes>& pool, const Fetch* fetch)
{
    SignerChain chain { crypto::loadX509(signer), {} };
    std::vector<crypto::X509Ptr> candidates;
    for (const auto& der : pool) {
        candidates.push_back(crypto::loadX509(der));
    }
    X509* current = chain.signer.get();
    for (int depth = 0; depth < MAX_DEPTH && !issued(current, current); ++depth) {
        crypto::X509Ptr next;
        for (auto& candidate : candidates) {
            if (candidate && issued(candidate.get(), current)) {
                next = std::move(candidate);
                break;
            }
        }
        if (!next && fetch != nullptr) {
            next = fetchIssuer(current, *fetch);
        }
        if (!next) {
            break;
        }
        chain.authorities.push_back(std::move(next));
        current = chain.authorities.back().get();
    }
    return chain;
}

} // namespace tokenbridge::cades
