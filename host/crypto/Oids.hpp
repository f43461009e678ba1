#pragma once

#include <string_view>

// OIDs used across host/crypto (gost-sespake.md §7, RFC 5652, RFC 5035, RFC 9215).
namespace tokenbridge::crypto::oid
{

inline constexpr std::string_view GOST2012_256 = "1.2.643.7.1.1.1.1";
inline constexpr std::string_view GOST2012_512 = "1.2.643.7.1.1.1.2";
inline constexpr std::string_view SIGN_WITH_DIGEST_256 = "1.2.643.7.1.1.3.2";
inline constexpr std::string_view SIGN_WITH_DIGEST_512 = "1.2.643.7.1.1.3.3";
inline constexpr std::string_view EC_PUBLIC_KEY = "1.2.840.10045.2.1";
inline constexpr std::string_view PRIME256V1 = "1.2.840.10045.3.1.7";
inline constexpr std::string_view ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
inline constexpr std::string_view RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
inline constexpr std::string_view SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

inline constexpr std::string_view CMS_DATA = "1.2.840.113549.1.7.1";
inline constexpr std::string_view CMS_SIGNED_DATA = "1.2.840.113549.1.7.2";
inline constexpr std::string_view CONTENT_TYPE = "1.2.840.113549.1.9.3";
inline constexpr std::string_view MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
inline constexpr std::string_view SIGNING_TIME = "1.2.840.113549.1.9.5";
inline constexpr std::string_view SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";
inline constexpr std::string_view EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

inline constexpr std::string_view KEY_USAGE = "2.5.29.15";
inline constexpr std::string_view EXT_KEY_USAGE = "2.5.29.37";
inline constexpr std::string_view CERTIFICATE_POLICIES = "2.5.29.32";
inline constexpr std::string_view SUBJECT_SIGN_TOOL = "1.2.643.100.111";

} // namespace tokenbridge::crypto::oid
