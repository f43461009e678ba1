#include "TestUtil.hpp"

#include "crypto/PrivateKey.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::crypto;
using tokenbridge::crypto::test::reversed;

namespace
{

// GOST R 34.10-2012 App. A (RFC 7091 §7): numbers are printed big-endian; the public key octets
// are X_le || Y_le, the digest bytes are the little-endian encoding of e, the signature is s || r.
struct Example
{
    KeyAlgorithm algorithm;
    const char* paramSetOid;
    const char* d;
    const char* qx;
    const char* qy;
    const char* e;
    const char* r;
    const char* s;
};

const Example EXAMPLE_1 { KeyAlgorithm::Gost2012_256, "1.2.643.2.2.35.0",
    "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28",
    "7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B",
    "26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA",
    "2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5",
    "41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493",
    "01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40" };

const Example EXAMPLE_2 { KeyAlgorithm::Gost2012_512, "1.2.643.7.1.2.1.2.0",
    "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E27"
    "14A2636B7BFD18AA"
    "DFC62967821FA18DD4",
    "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4D"
    "DFF75C45415C1D9D"
    "D9DD33612CD530EFE1",
    "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CD"
    "B84C114E1F9339FD"
    "F27F35ECA93677BEEC",
    "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D"
    "5A407ADEDB1D560C"
    "4FC6777D2972075B8C",
    "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C9069985"
    "0260C93BCBCD9C5C"
    "3317E19344E173AE36",
    "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE"
    "406A6EEB1F56919C"
    "B92A9853BDE73E5B4A" };

Bytes publicRaw(const Example& example)
{
    Bytes raw = reversed(fromHex(example.qx));
    const Bytes y = reversed(fromHex(example.qy));
    raw.insert(raw.end(), y.begin(), y.end());
    return raw;
}

Bytes signatureSr(const Example& example)
{
    Bytes signature = fromHex(example.s);
    const Bytes r = fromHex(example.r);
    signature.insert(signature.end(), r.begin(), r.end());
    return signature;
}

class Gost3410Example : public ::testing::TestWithParam<Example>
{
};

TEST_P(Gost3410Example, SignatureVerifiesWithLittleEndianDigestAndSr)
{
    const auto& example = GetParam();
    const PublicKey key =
        PublicKey::fromGostRaw(example.algorithm, example.paramSetOid, publicRaw(example));
    const Bytes digest = reversed(fromHex(example.e));
    EXPECT_TRUE(key.verifyDigest(digest, signatureSr(example)));
    // The wrong conventions must fail: big-endian digest, r || s order.
    EXPECT_FALSE(key.verifyDigest(fromHex(example.e), signatureSr(example)));
    Bytes rs = fromHex(example.r);
    const Bytes s = fromHex(example.s);
    rs.insert(rs.end(), s.begin(), s.end());
    EXPECT_FALSE(key.verifyDigest(digest, rs));
}

TEST_P(Gost3410Example, RawPrivateScalarGivesThePublicKey)
{
    const auto& example = GetParam();
    RawPrivateKey raw;
    raw.algorithm = example.algorithm;
    raw.paramSetOid = example.paramSetOid;
    raw.scalarLittleEndian = SecureBuffer(reversed(fromHex(example.d)));
    const PrivateKey key = PrivateKey::fromRaw(raw);
    EXPECT_EQ(key.publicKey().gostRaw(), publicRaw(example));
    EXPECT_EQ(key.toRaw().scalarLittleEndian.view().size(), raw.scalarLittleEndian.size());
    EXPECT_TRUE(key.toRaw().scalarLittleEndian == raw.scalarLittleEndian);
}

INSTANTIATE_TEST_SUITE_P(Standard, Gost3410Example, ::testing::Values(EXAMPLE_1, EXAMPLE_2),
    [](const auto& info) { return "Example" + std::to_string(info.index + 1); });

} // namespace
