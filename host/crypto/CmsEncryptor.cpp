#include "CmsEncryptor.hpp"

#include "Certificate.hpp"
#include "GostEngine.hpp"
#include "OpenSsl.hpp"

#include <string>

namespace tokenbridge::crypto
{

Bytes cmsEncrypt(ByteView data, const std::vector<Bytes>& recipients, GostCipher cipher)
{
    ensureGostEngine();
    registerCmsMacAttribute();
    // Empty content: BIO_new_mem_buf refuses its null pointer (the cms_envelope fuzzer found the
    // crash), and the gost engine's CTR-ACPKM-OMAC envelope of nothing does not decrypt again.
    if (data.empty()) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "data is empty: nothing to encrypt",
            { { "param", "data" } });
    }
    if (recipients.empty()) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "give at least one recipient certificate",
            { { "param", "recipients" } });
    }
    const auto& info = gostCipherInfo(cipher);
    const EVP_CIPHER* evp =
        check(EVP_get_cipherbyname(std::string(info.contentCipher).c_str()), "the content cipher");
    constexpr unsigned FLAGS = CMS_BINARY;
    CmsPtr cms(check(CMS_encrypt(nullptr, nullptr, evp, FLAGS | CMS_PARTIAL), "CMS_encrypt"));
    for (const auto& recipient : recipients) {
        const auto x509 = loadX509(recipient);
        // As `openssl cms -encrypt` does: the recipient's key context made now (CMS_KEY_PARAM)
        // and told the content cipher, from which the gost engine picks KExp15 with KEG; RSA
        // and EC keys do not know the control (-2) and go the usual way.
        CMS_RecipientInfo* recipientInfo =
            CMS_add1_recipient(cms.get(), x509.get(), nullptr, nullptr, FLAGS | CMS_KEY_PARAM);
        if (recipientInfo == nullptr) {
            throwOpenSslInputError("a recipient certificate OpenSSL cannot encrypt to");
        }
        const int told = EVP_PKEY_CTX_ctrl(CMS_RecipientInfo_get0_pkey_ctx(recipientInfo), -1, -1,
            EVP_PKEY_CTRL_CIPHER, EVP_CIPHER_get_nid(evp), nullptr);
        if (told <= 0 && told != -2) {
            throwOpenSslInputError("a recipient key that cannot take this cipher");
        }
    }
    BioPtr in(check(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), "BIO_new"));
    if (CMS_final(cms.get(), in.get(), nullptr, FLAGS) != 1) {
        throwOpenSslInputError("encrypting to these recipients");
    }
    return toDer(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
}

} // namespace tokenbridge::crypto
