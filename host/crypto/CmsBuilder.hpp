#pragma once

#include "core/Bytes.hpp"
#include "HashAlgorithm.hpp"
#include "Signer.hpp"

#include <ctime>
#include <optional>
#include <vector>

namespace tokenbridge::crypto
{

// CAdES-BES SignedData (RFC 5652 + RFC 5035; gost-sespake.md §5). Signed attributes:
// contentType, messageDigest, signingTime, signingCertificateV2 (ESSCertIDv2 with an explicit
// Streebog-256 hashAlgorithm for GOST keys). The signature is computed only through Signer, so a
// token key works the same as a software key. DER output.
struct CmsSignOptions
{
    bool detached = true; // cmsSignData only; cmsSignDigest is always detached
    std::optional<std::time_t> signingTime; // default: now
    bool includeCertificate = true;
    std::vector<Bytes> extraCertificates; // chain certificates to embed (DER)
};

// For co-signing a detached SignedData: the content, or its digest computed with
// cmsDigestAlgorithm(signer.algorithm()).
struct CmsDetachedContent
{
    std::optional<ByteView> data;
    std::optional<Bytes> digest;
};

// The digest algorithm a key signs with: Streebog-256 for 256-bit GOST keys, Streebog-512 for
// 512-bit, SHA-256 otherwise. Use it to feed a streaming Hasher for cmsSignDigest.
HashAlgorithm cmsDigestAlgorithm(KeyAlgorithm algorithm);

Bytes cmsSignData(Signer& signer, ByteView signerCertificate, ByteView content,
    const CmsSignOptions& options = {});
// Detached signature over content the caller hashed itself (e.g. a large file, streamed).
Bytes cmsSignDigest(Signer& signer, ByteView signerCertificate, ByteView contentDigest,
    const CmsSignOptions& options = {});
// Adds one SignerInfo (and the signer's certificate and digest algorithm if missing) to an
// existing SignedData, keeping every other signer. Attached: the content is taken from the
// message; detached: `content` must be given.
Bytes cmsCoSign(Signer& signer, ByteView signerCertificate, ByteView existingCms,
    const CmsDetachedContent& content = {}, const CmsSignOptions& options = {});

} // namespace tokenbridge::crypto
