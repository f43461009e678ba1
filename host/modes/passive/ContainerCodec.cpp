#include "ContainerCodec.hpp"

#include "core/Error.hpp"

#include <algorithm>
#include <map>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::uint8_t FORMAT_VERSION = 1;
    constexpr std::uint8_t FLAG_EXPORTABLE = 0x01;
    constexpr std::uint8_t DIRECTORY_MAGIC[4] = { 'T', 'B', 'D', '1' };
    constexpr std::uint8_t ENTRY_LIVE = 0x01;

    struct AlgorithmName
    {
        crypto::KeyAlgorithm algorithm;
        std::string_view name;
    };
    constexpr AlgorithmName ALGORITHM_NAMES[] = {
        { crypto::KeyAlgorithm::Gost2012_256, "gost2012-256" },
        { crypto::KeyAlgorithm::Gost2012_512, "gost2012-512" },
    };

    [[noreturn]] void corrupted(const std::string& what)
    {
        throw RequestError(
            ErrorCode::CONTAINER_CORRUPTED, "the key container on the token is damaged: " + what);
    }

    // Tag (1 byte), length (2 bytes, big-endian), value.
    void put(Bytes& out, std::uint8_t tag, ByteView value)
    {
        out.push_back(tag);
        out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(value.size()));
        out.insert(out.end(), value.begin(), value.end());
    }

    void putText(Bytes& out, std::uint8_t tag, std::string_view text)
    {
        put(out, tag, asBytes(text));
    }

    Bytes bigEndian(std::uint64_t value, std::size_t size)
    {
        Bytes out(size);
        for (std::size_t i = 0; i < size; ++i) {
            out[size - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
        }
        return out;
    }

    std::uint64_t fromBigEndian(ByteView bytes)
    {
        std::uint64_t value = 0;
        for (auto byte : bytes) {
            value = (value << 8) | byte;
        }
        return value;
    }

    // Each tag at most once; unknown tags are an error (a newer format would bump the version).
    std::map<std::uint8_t, ByteView> parseTlv(ByteView bytes, std::uint8_t maxTag)
    {
        std::map<std::uint8_t, ByteView> fields;
        std::size_t offset = 0;
        while (offset < bytes.size()) {
            if (bytes.size() - offset < 3) {
                corrupted("truncated field header");
            }
            const std::uint8_t tag = bytes[offset];
            const std::size_t length = (std::size_t(bytes[offset + 1]) << 8) | bytes[offset + 2];
            offset += 3;
            if (length > bytes.size() - offset) {
                corrupted("field longer than the file");
            }
            if (tag == 0 || tag > maxTag || fields.contains(tag)) {
                corrupted("unknown or repeated field");
            }
            fields[tag] = bytes.subspan(offset, length);
            offset += length;
        }
        return fields;
    }

    ByteView need(const std::map<std::uint8_t, ByteView>& fields, std::uint8_t tag,
        std::size_t minSize, std::size_t maxSize)
    {
        const auto found = fields.find(tag);
        if (found == fields.end()) {
            corrupted("missing field");
        }
        if (found->second.size() < minSize || found->second.size() > maxSize) {
            corrupted("field of a wrong size");
        }
        return found->second;
    }

    void checkVersion(const std::map<std::uint8_t, ByteView>& fields)
    {
        if (need(fields, 0x01, 1, 1)[0] != FORMAT_VERSION) {
            corrupted("unknown format version");
        }
    }

    std::string text(ByteView bytes)
    {
        return { bytes.begin(), bytes.end() };
    }

    std::size_t scalarSize(crypto::KeyAlgorithm algorithm)
    {
        return algorithm == crypto::KeyAlgorithm::Gost2012_512 ? 64 : 32;
    }

} // namespace

Bytes encodePublic(const PublicPart& part)
{
    Bytes out;
    put(out, 0x01, Bytes { FORMAT_VERSION });
    for (const auto& entry : ALGORITHM_NAMES) {
        if (entry.algorithm == part.algorithm) {
            putText(out, 0x02, entry.name);
        }
    }
    putText(out, 0x03, part.paramSetOid);
    putText(out, 0x04, part.label.substr(0, MAX_LABEL));
    put(out, 0x05, bigEndian(static_cast<std::uint64_t>(part.created), 8));
    put(out, 0x06, Bytes { static_cast<std::uint8_t>(part.exportable ? FLAG_EXPORTABLE : 0) });
    put(out, 0x07, part.spki);
    if (part.certificate) {
        put(out, 0x08, *part.certificate);
    }
    put(out, 0x09, part.keyId);
    return out;
}

PublicPart decodePublic(ByteView bytes)
{
    const auto fields = parseTlv(bytes, 0x09);
    checkVersion(fields);
    PublicPart part;
    const auto algorithm = text(need(fields, 0x02, 1, 32));
    bool known = false;
    for (const auto& entry : ALGORITHM_NAMES) {
        if (entry.name == algorithm) {
            part.algorithm = entry.algorithm;
            known = true;
        }
    }
    if (!known) {
        corrupted("unknown key algorithm");
    }
    part.paramSetOid = text(need(fields, 0x03, 1, 64));
    part.label = text(need(fields, 0x04, 0, MAX_LABEL));
    part.created = static_cast<std::int64_t>(fromBigEndian(need(fields, 0x05, 8, 8)));
    part.exportable = (need(fields, 0x06, 1, 1)[0] & FLAG_EXPORTABLE) != 0;
    const auto spki = need(fields, 0x07, 16, 1024);
    part.spki.assign(spki.begin(), spki.end());
    if (fields.contains(0x08)) {
        const auto certificate = need(fields, 0x08, 16, 32767);
        part.certificate = Bytes(certificate.begin(), certificate.end());
    }
    const auto keyId = need(fields, 0x09, KEY_ID_SIZE, KEY_ID_SIZE);
    part.keyId.assign(keyId.begin(), keyId.end());
    return part;
}

Bytes encodePrivate(const PrivatePart& part)
{
    Bytes out;
    put(out, 0x01, Bytes { FORMAT_VERSION });
    put(out, 0x02, part.salt);
    put(out, 0x03, bigEndian(part.iterations, 4));
    put(out, 0x04, part.iv);
    put(out, 0x05, part.ciphertext);
    put(out, 0x06, part.mac);
    return out;
}

PrivatePart decodePrivate(ByteView bytes)
{
    const auto fields = parseTlv(bytes, 0x06);
    checkVersion(fields);
    PrivatePart part;
    const auto salt = need(fields, 0x02, 16, 16);
    part.salt.assign(salt.begin(), salt.end());
    part.iterations = static_cast<std::uint32_t>(fromBigEndian(need(fields, 0x03, 4, 4)));
    if (part.iterations == 0 || part.iterations > 1'000'000) {
        corrupted("iteration count out of range");
    }
    const auto iv = need(fields, 0x04, 8, 8);
    part.iv.assign(iv.begin(), iv.end());
    const auto ciphertext = need(fields, 0x05, 32, 64);
    if (ciphertext.size() != scalarSize(crypto::KeyAlgorithm::Gost2012_256)
        && ciphertext.size() != scalarSize(crypto::KeyAlgorithm::Gost2012_512)) {
        corrupted("private key of a wrong size");
    }
    part.ciphertext.assign(ciphertext.begin(), ciphertext.end());
    const auto mac = need(fields, 0x06, 16, 16);
    part.mac.assign(mac.begin(), mac.end());
    return part;
}

Bytes privateMacInput(ByteView keyId, const PrivatePart& part)
{
    Bytes out(keyId.begin(), keyId.end());
    auto encoded = encodePrivate(part);
    // Everything before tag 06 (the MAC itself): the MAC is the last field, 3 + 16 bytes.
    encoded.resize(encoded.size() - (3 + part.mac.size()));
    out.insert(out.end(), encoded.begin(), encoded.end());
    return out;
}

Bytes encodeDirectory(const Directory& directory)
{
    if (directory.entries.size() > DIRECTORY_MAX_ENTRIES) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the token holds the maximum of 32 containers");
    }
    Bytes out(DIRECTORY_SIZE, 0);
    std::copy(std::begin(DIRECTORY_MAGIC), std::end(DIRECTORY_MAGIC), out.begin());
    const auto generation = bigEndian(directory.generation, 4);
    std::copy(generation.begin(), generation.end(), out.begin() + 4);
    std::size_t offset = 8;
    for (const auto& entry : directory.entries) {
        out[offset] = static_cast<std::uint8_t>(entry.publicFid >> 8);
        out[offset + 1] = static_cast<std::uint8_t>(entry.publicFid);
        out[offset + 2] = static_cast<std::uint8_t>(entry.privateFid);
        out[offset + 3] = ENTRY_LIVE;
        offset += 4;
    }
    return out;
}

Directory decodeDirectory(ByteView bytes)
{
    Directory directory;
    if (bytes.size() < DIRECTORY_SIZE) {
        corrupted("directory too short");
    }
    if (std::all_of(bytes.begin(), bytes.end(), [](auto byte) { return byte == 0; })) {
        return directory;
    }
    if (!std::equal(std::begin(DIRECTORY_MAGIC), std::end(DIRECTORY_MAGIC), bytes.begin())) {
        corrupted("directory signature");
    }
    directory.generation = static_cast<std::uint32_t>(fromBigEndian(bytes.subspan(4, 4)));
    for (std::size_t offset = 8; offset < DIRECTORY_SIZE; offset += 4) {
        if (bytes[offset + 3] != ENTRY_LIVE) {
            continue;
        }
        const std::uint16_t publicFid =
            static_cast<std::uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
        if ((publicFid & 0xFF00) != 0x4C00) {
            corrupted("directory entry names a foreign file");
        }
        directory.entries.push_back(
            { publicFid, static_cast<std::uint16_t>(0x4D00 | bytes[offset + 2]) });
    }
    return directory;
}

} // namespace tokenbridge::modes::passive
