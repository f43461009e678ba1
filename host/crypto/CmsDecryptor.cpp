#include "CmsDecryptor.hpp"

#include "Certificate.hpp"
#include "CmsEnvelope.hpp"
#include "Der.hpp"
#include "GostCipher.hpp"
#include "GostEngine.hpp"
#include "OpenSsl.hpp"

#include <openssl/x509v3.h>

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    void freeAttributes(STACK_OF(X509_ATTRIBUTE) * stack)
    {
        sk_X509_ATTRIBUTE_pop_free(stack, X509_ATTRIBUTE_free);
    }
    using AttributeStackPtr = OpenSslPtr<STACK_OF(X509_ATTRIBUTE), freeAttributes>;
    using Asn1TypePtr = OpenSslPtr<ASN1_TYPE, ASN1_TYPE_free>;

    [[noreturn]] void invalid(const std::string& what)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, what, { { "param", "cms" } });
    }

    [[noreturn]] void decryptionFailed()
    {
        throw RequestError(ErrorCode::DECRYPTION_FAILED,
            "the message's integrity check failed: it was changed after it was encrypted");
    }

    Bytes bytesOf(const ASN1_STRING* string)
    {
        if (string == nullptr) {
            return {};
        }
        const auto* data = ASN1_STRING_get0_data(string);
        return { data, data + ASN1_STRING_length(string) };
    }

    // The recipient info that names the certificate, or null.
    const CmsKeyTransRecipient* findRecipient(const CmsEnvelope& envelope, ByteView certificateDer)
    {
        const auto x509 = loadX509(certificateDer);
        const auto issuer = toDer(X509_get_issuer_name(x509.get()), i2d_X509_NAME, "issuer");
        const auto serialDer =
            toDer(X509_get0_serialNumber(x509.get()), i2d_ASN1_INTEGER, "serialNumber");
        const auto serial = der::parseSingle(serialDer).content;
        const auto keyId = bytesOf(X509_get0_subject_key_id(x509.get()));
        const auto matches = [&](const CmsKeyTransRecipient& recipient) {
            if (recipient.subjectKeyId) {
                return !keyId.empty() && *recipient.subjectKeyId == keyId;
            }
            return recipient.issuer == issuer
                && std::equal(
                    recipient.serial.begin(), recipient.serial.end(), serial.begin(), serial.end());
        };
        const auto found =
            std::find_if(envelope.recipients.begin(), envelope.recipients.end(), matches);
        return found == envelope.recipients.end() ? nullptr : &*found;
    }

    AttributeStackPtr attributesOf(const CmsEnvelope& envelope)
    {
        AttributeStackPtr stack(check(sk_X509_ATTRIBUTE_new_null(), "sk_X509_ATTRIBUTE_new"));
        if (envelope.unprotectedAttributes.empty()) {
            invalid("the message carries no integrity tag (unprotected attribute)");
        }
        der::Reader set(der::parseSingle(envelope.unprotectedAttributes).content);
        while (!set.atEnd()) {
            const auto element = set.next();
            const unsigned char* cursor = element.encoded.data();
            X509_ATTRIBUTE* attribute =
                d2i_X509_ATTRIBUTE(nullptr, &cursor, static_cast<long>(element.encoded.size()));
            if (attribute == nullptr || sk_X509_ATTRIBUTE_push(stack.get(), attribute) <= 0) {
                X509_ATTRIBUTE_free(attribute);
                takeOpenSslError();
                invalid("a malformed unprotected attribute");
            }
        }
        return stack;
    }

    Bytes decryptContent(
        const GostCipherInfo& info, const CmsEnvelope& envelope, const SecureBuffer& key)
    {
        registerCmsMacAttribute();
        const EVP_CIPHER* cipher =
            check(EVP_get_cipherbyname(std::string(info.contentCipher).c_str()), "content cipher");
        der::Reader algorithm(der::parseSingle(envelope.contentAlgorithm).content);
        algorithm.expect(der::tag::OID);
        if (algorithm.atEnd()) {
            invalid("the content cipher has no parameters");
        }
        const auto parameters = algorithm.next().encoded;
        const unsigned char* cursor = parameters.data();
        Asn1TypePtr asn1(d2i_ASN1_TYPE(nullptr, &cursor, static_cast<long>(parameters.size())));
        auto attributes = attributesOf(envelope);
        EvpCipherCtxPtr ctx(check(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new"));
        // The order OpenSSL's CMS uses: cipher, then its parameters (IV and KDF seed), then the
        // key (the engine derives the encryption and MAC keys from it and the seed).
        check(EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr), "EVP_DecryptInit");
        if (!asn1 || EVP_CIPHER_asn1_to_param(ctx.get(), asn1.get()) <= 0) {
            takeOpenSslError();
            invalid("malformed content cipher parameters");
        }
        check(EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nullptr),
            "EVP_DecryptInit (key)");
        // gost engine 3.0.x resets the ACPKM section that the parameters set to its TLS default
        // when the key is set (gost-engine issue 529): everything after the first 4 KiB
        // (Kuznyechik) or 1 KiB (Magma) would come out wrong. The CMS section is set again.
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_KEY_MESH, info.acpkmSection, nullptr) <= 0) {
            throwOpenSslError("the ACPKM section size");
        }
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_PROCESS_UNPROTECTED, 0, attributes.get())
            <= 0) {
            takeOpenSslError();
            invalid("the message carries no valid integrity tag");
        }
        Bytes out(envelope.encryptedContent.size() + EVP_MAX_BLOCK_LENGTH);
        int length = 0;
        int tail = 0;
        check(EVP_DecryptUpdate(ctx.get(), out.data(), &length, envelope.encryptedContent.data(),
                  static_cast<int>(envelope.encryptedContent.size())),
            "EVP_DecryptUpdate");
        if (EVP_DecryptFinal_ex(ctx.get(), out.data() + length, &tail) != 1) {
            OPENSSL_cleanse(out.data(), out.size());
            takeOpenSslError();
            decryptionFailed();
        }
        out.resize(static_cast<std::size_t>(length + tail));
        return out;
    }

} // namespace

struct CmsDecryptor::Parsed
{
    CmsEnvelope envelope;
    const GostCipherInfo* info = nullptr;
    GostKeyTransport transport;
};

CmsDecryptor::CmsDecryptor(ByteView cms, ByteView certificateDer) :
    _parsed(std::make_unique<Parsed>())
{
    ensureGostEngine();
    _parsed->envelope = parseCmsEnvelope(cms);
    const auto& envelope = _parsed->envelope;
    const auto* recipient = findRecipient(envelope, certificateDer);
    if (recipient == nullptr) {
        throw RequestError(
            ErrorCode::NOT_A_RECIPIENT, "the message is not encrypted for this key's certificate");
    }
    const auto* info = gostCipherByKexpOid(recipient->keyEncryptionOid);
    if (info == nullptr) {
        invalid("the content key is not transported by KExp15 (" + recipient->keyEncryptionOid
            + "); only GOST R 34.10-2012 recipients are decrypted here");
    }
    if (envelope.contentAlgorithmOid != gostCipherInfo(info->cipher).contentOid) {
        invalid("the content cipher " + envelope.contentAlgorithmOid
            + " is not the CTR-ACPKM-OMAC of the key transport's cipher");
    }
    _parsed->info = info;
    _parsed->transport = parseGostKeyTransport(recipient->encryptedKey);
}

CmsDecryptor::~CmsDecryptor() = default;

Bytes CmsDecryptor::decrypt(KeyAgreement& agreement) const
{
    const auto& transport = _parsed->transport;
    const auto keg = agreement.keg(transport.ephemeralSpki, transport.ukm);
    const auto key = kimp15(_parsed->info->cipher, keg, transport.wrappedKey, transport.ukm);
    return decryptContent(*_parsed->info, _parsed->envelope, key);
}

Bytes cmsDecrypt(ByteView cms, ByteView certificateDer, KeyAgreement& agreement)
{
    return CmsDecryptor(cms, certificateDer).decrypt(agreement);
}

} // namespace tokenbridge::crypto
