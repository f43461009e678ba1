#pragma once

#include "core/Bytes.hpp"
#include "SecureBuffer.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace tokenbridge::crypto
{

// The two GOST R 34.12-2015 ciphers CMS EnvelopedData uses (R 1323565.1.xxx, RFC 9189 style): the
// content in CTR-ACPKM with OMAC, the content key wrapped by KExp15 under a KEG key.
enum class GostCipher { Kuznyechik, Magma };

struct GostCipherInfo
{
    GostCipher cipher;
    std::string_view name; // the `cipher` param of encrypt
    std::string_view contentOid; // id-gostr3412-2015-*-ctracpkm-omac
    std::string_view contentCipher; // the gost engine's EVP cipher for the content
    std::string_view kexpOid; // id-gostr3412-2015-*-kexp15
    std::string_view ctrCipher; // the engine's CTR cipher inside KExp15
    std::string_view macDigest; // the engine's OMAC inside KExp15
    std::size_t macSize; // one block
    std::size_t ivSize; // KExp15's IV: half a block, from the UKM's last 8 bytes
    // The content's ACPKM section (key meshing) in CMS, R 1323565.1.025-2019: 256 KiB for
    // Kuznyechik, 8 KiB for Magma (TLS uses 4 KiB and 1 KiB, the engine's defaults).
    int acpkmSection;
};

const GostCipherInfo& gostCipherInfo(GostCipher cipher);
// By `name` ("kuznyechik", "magma"); nullopt if none.
std::optional<GostCipher> gostCipherByName(std::string_view name);
// By the KExp15 key-encryption OID; nullopt if none.
const GostCipherInfo* gostCipherByKexpOid(std::string_view oid);

// The gost engine looks the content's MAC attribute (1.2.643.7.1.0.6.1.1) up with OBJ_txt2obj on
// every message it encrypts or decrypts and never frees the object (49 bytes a message). OpenSSL
// returns its shared object for a registered OID instead, so CMS code calls this first: the OID
// is registered once per process.
void registerCmsMacAttribute();

// KImp15 (R 1323565.1.017 / RFC 9189 §8.2.2) as the gost engine's KExp15 makes it: `wrapped` =
// CTR(K_enc, IV, key || OMAC(K_mac, IV || key)) with K_mac || K_enc = `keg` (64 bytes) and IV =
// the first ivSize bytes of ukm[24..32). Returns the 32-byte content key; RequestError
// (DECRYPTION_FAILED) when the OMAC does not match (the wrong key, or a tampered message).
SecureBuffer kimp15(GostCipher cipher, const SecureBuffer& keg, ByteView wrapped, ByteView ukm);

} // namespace tokenbridge::crypto
