#include "GostCipher.hpp"

#include "GostEngine.hpp"
#include "KeyAgreement.hpp"
#include "OpenSsl.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <string>

namespace tokenbridge::crypto
{

namespace
{

    constexpr std::size_t CONTENT_KEY_SIZE = 32;
    // The gost engine's digest control that keys its OMAC digests (gost_lcl.h; no public header).
    constexpr int GOST_MD_CTRL_SET_KEY = EVP_MD_CTRL_ALG_CTRL + 4;

    // OIDs: R 1323565.1.026-2019 / RFC 9189 (id-tc26-cipher-gostr3412-2015-*).
    constexpr std::array<GostCipherInfo, 2> CIPHERS { {
        { GostCipher::Kuznyechik, "kuznyechik", "1.2.643.7.1.1.5.2.2", "kuznyechik-ctr-acpkm-omac",
            "1.2.643.7.1.1.7.2.1", "kuznyechik-ctr", "kuznyechik-mac", 16, 8, 256 * 1024 },
        { GostCipher::Magma, "magma", "1.2.643.7.1.1.5.1.2", "magma-ctr-acpkm-omac",
            "1.2.643.7.1.1.7.1.1", "magma-ctr", "magma-mac", 8, 4, 8 * 1024 },
    } };

    [[noreturn]] void decryptionFailed()
    {
        throw RequestError(ErrorCode::DECRYPTION_FAILED,
            "the content key's integrity check failed: the message was changed or is not for "
            "this key");
    }

    SecureBuffer omac(const GostCipherInfo& info, ByteView key, ByteView iv, ByteView data)
    {
        const EVP_MD* md =
            check(EVP_get_digestbyname(std::string(info.macDigest).c_str()), "the OMAC digest");
        EvpMdCtxPtr ctx(check(EVP_MD_CTX_new(), "EVP_MD_CTX_new"));
        check(EVP_DigestInit_ex(ctx.get(), md, nullptr), "EVP_DigestInit_ex (OMAC)");
        Bytes keyCopy(key.begin(), key.end());
        const int keyed = EVP_MD_CTX_ctrl(
            ctx.get(), GOST_MD_CTRL_SET_KEY, static_cast<int>(keyCopy.size()), keyCopy.data());
        OPENSSL_cleanse(keyCopy.data(), keyCopy.size());
        if (keyed <= 0) {
            throwOpenSslError("OMAC key");
        }
        check(EVP_DigestUpdate(ctx.get(), iv.data(), iv.size()), "EVP_DigestUpdate (OMAC)");
        check(EVP_DigestUpdate(ctx.get(), data.data(), data.size()), "EVP_DigestUpdate (OMAC)");
        SecureBuffer tag(EVP_MAX_MD_SIZE);
        unsigned int length = 0;
        check(EVP_DigestFinal_ex(ctx.get(), tag.data(), &length), "EVP_DigestFinal_ex (OMAC)");
        if (length < info.macSize) {
            throw FatalError("OMAC returned a short tag");
        }
        tag.truncate(info.macSize);
        return tag;
    }

    SecureBuffer ctr(const GostCipherInfo& info, ByteView key, ByteView iv, ByteView data)
    {
        const EVP_CIPHER* cipher = check(
            EVP_get_cipherbyname(std::string(info.ctrCipher).c_str()), "the KExp15 CTR cipher");
        // The engine takes a full-block IV buffer whose first half is the IV.
        std::array<std::uint8_t, 16> ivFull {};
        std::copy(iv.begin(), iv.end(), ivFull.begin());
        EvpCipherCtxPtr ctx(check(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new"));
        check(EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, 0),
            "EVP_CipherInit_ex (KExp15)");
        check(EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), ivFull.data(), 0),
            "EVP_CipherInit_ex (KExp15 key)");
        SecureBuffer out(data.size() + 16);
        int length = 0;
        int tail = 0;
        check(EVP_CipherUpdate(
                  ctx.get(), out.data(), &length, data.data(), static_cast<int>(data.size())),
            "EVP_CipherUpdate (KExp15)");
        check(EVP_CipherFinal_ex(ctx.get(), out.data() + length, &tail),
            "EVP_CipherFinal_ex (KExp15)");
        out.truncate(static_cast<std::size_t>(length + tail));
        return out;
    }

} // namespace

const GostCipherInfo& gostCipherInfo(GostCipher cipher)
{
    return *std::find_if(CIPHERS.begin(), CIPHERS.end(),
        [cipher](const GostCipherInfo& info) { return info.cipher == cipher; });
}

std::optional<GostCipher> gostCipherByName(std::string_view name)
{
    for (const auto& info : CIPHERS) {
        if (info.name == name) {
            return info.cipher;
        }
    }
    return std::nullopt;
}

const GostCipherInfo* gostCipherByKexpOid(std::string_view oid)
{
    for (const auto& info : CIPHERS) {
        if (info.kexpOid == oid) {
            return &info;
        }
    }
    return nullptr;
}

void registerCmsMacAttribute()
{
    static std::once_flag once;
    std::call_once(once, [] {
        ensureGostEngine();
        constexpr const char* MAC_ATTRIBUTE = "1.2.643.7.1.0.6.1.1";
        if (OBJ_txt2nid(MAC_ATTRIBUTE) == NID_undef
            && OBJ_create(MAC_ATTRIBUTE, "id-gostr3412-2015-cms-mac", "GOST CMS MAC attribute")
                == NID_undef) {
            takeOpenSslError();
        }
    });
}

SecureBuffer kimp15(GostCipher cipher, const SecureBuffer& keg, ByteView wrapped, ByteView ukm)
{
    ensureGostEngine();
    const auto& info = gostCipherInfo(cipher);
    if (keg.size() != KeyAgreement::KEG_SIZE) {
        throw FatalError("KImp15: the KEG output must be 64 bytes");
    }
    if (ukm.size() != KeyAgreement::UKM_SIZE) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "the key transport's UKM must be 32 bytes");
    }
    if (wrapped.size() != CONTENT_KEY_SIZE + info.macSize) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the wrapped content key has the wrong length");
    }
    const auto keys = keg.view();
    const auto macKey = keys.subspan(0, 32);
    const auto encKey = keys.subspan(32, 32);
    const auto iv = ukm.subspan(24, info.ivSize);
    const auto plain = ctr(info, encKey, iv, wrapped);
    SecureBuffer key(plain.view().subspan(0, CONTENT_KEY_SIZE));
    const auto expected = omac(info, macKey, iv, key.view());
    if (CRYPTO_memcmp(expected.data(), plain.data() + CONTENT_KEY_SIZE, info.macSize) != 0) {
        decryptionFailed();
    }
    return key;
}

} // namespace tokenbridge::crypto
