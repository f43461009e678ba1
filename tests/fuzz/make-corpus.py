#!/usr/bin/env python3
"""(Re)writes the seed corpora in tests/fuzz/corpus/<fuzzer>/ (docs/fuzzing.md). Certificates and
CMS messages come from the openssl command line with the gost engine (libengine-gost-openssl);
everything else is spelled out here from docs/vtoken.md, docs/passive.md and docs/fkn.md."""
import pathlib
import struct
import subprocess
import sys
import tempfile

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"


def write(fuzzer, name, data):
    directory = CORPUS / fuzzer
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(bytes(data))


def frame(payload):
    payload = payload.encode() if isinstance(payload, str) else payload
    return struct.pack("<I", len(payload)) + payload


def protocol_frames():
    # limits byte 0/1, chunk byte 2, then the stream.
    head = bytes([0x40, 0x10, 0x05])
    write("protocol_frames", "echo", head + frame('{"id":1,"command":"echo","params":{"text":"hi","count":2}}'))
    write("protocol_frames", "two-messages", head + frame('{"id":"a","command":"token","origin":"https://example.org"}')
          + frame('{"id":2,"command":"typed"}'))
    write("protocol_frames", "bad-json", head + frame('{"id":3,"command":') + frame('[1,2,{"x":null}]'))
    write("protocol_frames", "too-large", bytes([0x00, 0x01, 0x03]) + frame("x" * 40) + frame('{"id":4,"command":"nope"}'))
    write("protocol_frames", "unicode", head + frame('{"id":5,"command":"echo","params":{"text":"\\u0416\u00e9\\ud83d\\ude00","list":[true],"object":{}}}'))


def tlv(tag, value):
    return bytes([tag, len(value)]) + bytes(value)


def token_info(fw_major=30, name=b""):
    body = (tlv(0x80, [0x01]) + tlv(0x81, [65, 0]) + tlv(0x82, [fw_major, 0])
            + tlv(0x83, [0x0A, 0x1B, 0x2C, 0x3D]) + tlv(0x84, [0, 0, 0, 0x10]) + tlv(0x85, [0x03])
            + tlv(0x86, [0x01]) + tlv(0x87, [0x01]))
    if name:
        body += tlv(0x88, name)
    return body + tlv(0x89, [0, 1, 0, 0]) + tlv(0x8A, [0, 0, 0x80, 0])


def token_infos():
    write("token_info", "ecp-3220", token_info())
    write("token_info", "named", token_info(32, "Рутокен 2151".encode()))
    write("token_info", "atr-ecp", bytes.fromhex("3B8B015275746F6B656E20454350A0"))
    write("token_info", "atr-nfc", bytes.fromhex("3B88800152745343778183206A"))


def card_responses():
    def answers(*responses):
        return b"".join(bytes([len(r)]) + r for r in responses)
    ok = b"\x90\x00"
    write("card_responses", "token-info", answers(token_info() + ok, b"\x63\xC9"))
    write("card_responses", "get-response", answers(b"\x61\x10", token_info()[:16] + ok, b"\x6C\x05", b"\x01\x02\x03\x04\x05" + ok))
    fcp = bytes([0x62, 0x0B, 0x80, 0x02, 0x00, 0x20, 0x82, 0x01, 0x01, 0x83, 0x02, 0x70, 0x12])
    write("card_responses", "file-read", answers(token_info() + ok, ok, ok, ok, fcp + ok, bytes(range(32)) + ok))
    write("card_responses", "pin-blocked", answers(b"\x6A\x88", b"\x69\x83", b"\x6A\x82"))


def vtoken_apdus():
    def apdus(*commands):
        return b"".join(bytes([len(c)]) + c for c in commands)
    h = bytes.fromhex
    write("vtoken_apdu", "info", bytes([10]) + apdus(h("00CA018100"), h("0084000008"), h("00CA0199 00".replace(" ", ""))))
    write("vtoken_apdu", "pin", bytes([10]) + apdus(h("0020000200"), h("00200002083132333435363738"), h("0020000200"),
                                                       h("002000020831313131313131313131"), b"", h("0020FF02")))
    write("vtoken_apdu", "files", bytes([10]) + apdus(
        h("00200002083132333435363738"), h("00A4000C023F00"),
        h("00E000000F620D8002002082010183027011"), h("00A4000C027011"),
        h("00D600000401020304"), h("00B0000004"), h("00E40000027011")) + b"\xff" + apdus(h("00B0000004")))
    write("vtoken_apdu", "extended", bytes([0x8A]) + b"\xfe\x00\x09" + h("00CA0181000000") + b"\x00\x00")
    # FKN (docs/fkn.md; models: 11 rutoken-ecp-3.0-3220, 0x85 rutoken-ecp-3.0-nfc-3100 over NFC,
    # 3 rutoken-ecp-2.0-2100 has no FKN). FD: the host opens a SESPAKE session with the factory
    # PIN, then every APDU goes protected (vtoken_apdu.cpp).
    session = b"\xfd"
    keygen_data = (h("800101" "8109" "06072A850302022301" "840A" "06082A85030701010202")
                   + h("C104") + b"key1" + h("C202ABCD"))
    keygen = h("80460000") + bytes([len(keygen_data)]) + keygen_data + b"\x00"
    write("vtoken_apdu", "fkn-sespake-plain", bytes([11]) + apdus(
        h("805A000204") + b"hst1" + b"\x00", h("805B000040") + bytes(range(64)) + b"\x00",
        h("805C000020") + bytes(32) + b"\x00", h("805C00"), h("805A000100")))
    write("vtoken_apdu", "fkn-session", bytes([11]) + session + apdus(
        h("00CA018100"), h("8048000000"), keygen, h("8048000000"), h("8048010100"),
        h("805D000100"), h("002241B603840101"), h("002A9E9A20") + bytes(range(32)) + b"\x00",
        h("80DA000106C104") + b"key2", h("80E4000100"), h("805A000200")) + b"\xff" + apdus(h("805D000100")))
    write("vtoken_apdu", "fkn-session-nfc", bytes([0x85]) + session + apdus(
        h("0020000200"), h("00A4000C023F00"), h("00B0000004")) + session + apdus(h("00CA018100")))
    write("vtoken_apdu", "fkn-wrong-pin", bytes([11]) + apdus(h("00200002083131313131313131")) + session
          + apdus(h("0020000200"), h("00240002083132333435363738")) + session)
    write("vtoken_apdu", "fkn-protected-raw", bytes([11]) + apdus(
        h("0CCA01810F870901") + bytes(8) + h("8E08") + bytes(8) + b"\x00",
        h("8C5D00010A8E08") + bytes(8) + b"\x00\x00", h("0CCA0181")))
    write("vtoken_apdu", "fkn-not-fkn-model", bytes([3]) + apdus(
        h("805A000204") + b"hst1" + b"\x00", h("0CCA018100"), h("805D000100")) + session)


def passive():
    def put(tag, value):
        return bytes([tag]) + struct.pack(">H", len(value)) + bytes(value)
    public = (put(1, [1]) + put(2, b"gost2012-256") + put(3, b"1.2.643.7.1.2.1.1.1") + put(4, b"fuzz key")
              + put(5, struct.pack(">Q", 1_700_000_000)) + put(6, [1]) + put(7, bytes(range(0x30, 0x30 + 66)))
              + put(9, bytes(range(20))))
    private = (put(1, [1]) + put(2, bytes(16)) + put(3, struct.pack(">I", 2000)) + put(4, bytes(8))
               + put(5, bytes(range(32))) + put(6, bytes(16)))
    directory = b"TBD1" + struct.pack(">I", 7) + bytes([0x01, 0x70, 0x01, 0x71, 0x01]) + bytes(132 - 5 - 8 + 8 - 8)
    write("passive_container", "public", b"\x00" + public)
    write("passive_container", "private", b"\x01" + private)
    write("passive_container", "directory", b"\x02" + directory[:136].ljust(136, b"\x00"))
    write("passive_container", "directory-empty", b"\x02" + bytes(136))


def fkn():
    # FuzzedDataProvider takes the mode from the LAST byte: "00" alone is an honest exchange.
    write("fkn_sespake", "honest", b"\x00")
    write("fkn_sespake", "token-raw", bytes(4) + b"\x01")
    write("fkn_sespake", "host-raw", bytes([4, 1, 1, 1, 16]) + bytes(16) + b"\x00\x02")
    write("fkn_sespake", "credential", bytes([1, 0x1A, 0]) + bytes(40) + b"\x03")
    write("fkn_channel", "rounds", b"get-data-and-more-bytes-for-a-round" * 3 + b"\x00")
    write("fkn_channel", "envelope", bytes([0x87, 0x11, 0x01]) + bytes(16) + bytes([0x8E, 0x08]) + bytes(8) + b"\x03")
    write("fkn_channel", "raw-token", bytes([0x0C, 0xCA, 0x01, 0x81, 0x0A]) + bytes(10) + b"\x01")


def fkn_store():
    # byte 0: 0 parsers, 1 TokenKeys over answers, 2 SESPAKE over answers (fkn_token_answers.cpp).
    def answers(*responses):
        out = b""
        for r in responses:
            out += (bytes([len(r)]) if len(r) < 0xFE else b"\xfe" + struct.pack(">H", len(r))) + r
        return out

    def ber(tag, value):
        n = len(value)
        head = bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n <= 0xFF else b"\x82" + struct.pack(">H", n))
        return bytes([tag]) + head + bytes(value)
    ok = b"\x90\x00"
    listing = ber(0x90, [1]) + ber(0x91, [1]) + ber(0x92, [1]) + ber(0x90, [2]) + ber(0x91, [2])
    oid_params = bytes.fromhex("06072A850302022301")
    oid_hash = bytes.fromhex("06082A85030701010202")
    key = (ber(0x91, [1]) + ber(0x92, [1]) + ber(0x80, [1]) + ber(0x81, oid_params) + ber(0x84, oid_hash)
           + ber(0x86, bytes(range(1, 65))) + ber(0xC1, b"fkn key") + ber(0xC2, [0x00, 0x11, 0x22, 0x33]))
    certificate = ber(0x91, [2]) + ber(0xC2, [0x00, 0x11, 0x22, 0x33]) + ber(0xC3, bytes(300)) + ber(0xC7, [1])
    write("fkn_token_answers", "object-list", b"\x00" + listing)
    write("fkn_token_answers", "key-object", b"\x00" + key)
    write("fkn_token_answers", "new-reference", b"\x00" + ber(0x90, [7]) + b"\x6a\x84")
    write("fkn_token_answers", "token-keys", b"\x01" + answers(listing + ok, key + ok, certificate + ok,
                                                                 listing + ok, key + ok, certificate + ok))
    write("fkn_token_answers", "token-keys-refused", b"\x01" + answers(b"\x6d\x00", b"\x69\x82", b"\x63\xc2"))
    params = bytes([1, 1, 1, 1, 16]) + bytes(range(16)) + bytes([4]) + b"tokn"
    write("fkn_token_answers", "sespake", b"\x02" + answers(params + ok, bytes(64) + ok, bytes(32) + ok))
    write("fkn_token_answers", "sespake-wrong-pin", b"\x02" + answers(params + ok, b"\x63\xc9"))


def der_first(data):
    """The first DER element of data -> (its value, the whole element)."""
    n, at = data[1], 2
    if n & 0x80:
        count = n & 0x7F
        n, at = int.from_bytes(data[2:2 + count], "big"), 2 + count
    return data[at:at + n], data[:at + n]


def cryptopro():
    # cryptopro_container.cpp: byte 0 = mode | 4 for the password "1", then the container's
    # files as <u16 big-endian length><bytes>. Containers: CryptoPro CSP's own sample
    # (tests/data/cryptopro, password "1") and new ones the independent test tool writes
    # (tests/tools/cpcontainer.py, random keys: rerun only when these seeds must change).
    repo = CORPUS.parents[2]
    names = ["header.key", "masks.key", "primary.key", "name.key", "masks2.key", "primary2.key"]

    def pieces(files, content=False, pad=0):
        out = b""
        for index, data in enumerate(files):
            if index == 0 and content:
                data = der_first(der_first(data)[0])[1]  # the header's content, MAC left out
            data = data + b"\xff" * pad
            out += struct.pack(">H", len(data)) + data
        return out

    def load(folder):
        return [(folder / n).read_bytes() for n in names if (folder / n).exists()]

    sample = load(repo / "tests" / "data" / "cryptopro" / "g2012256.000")
    with tempfile.TemporaryDirectory() as tmp:
        tool = [sys.executable, str(repo / "tests" / "tools" / "cpcontainer.py"), "write"]
        for name, args in {"c256": ["--generate", "256"],
                           "c512": ["--generate", "512", "--no-reserve", "--no-exportable"],
                           "c256-signature": ["--generate", "256", "--usage", "signature", "--name", "n"]}.items():
            subprocess.run([*tool, str(pathlib.Path(tmp, name)), *args], check=True, capture_output=True)
        written = {name: load(pathlib.Path(tmp, name)) for name in ("c256", "c512", "c256-signature")}
    write("cryptopro_container", "read-sample", b"\x04" + pieces(sample))
    write("cryptopro_container", "read-256", b"\x00" + pieces(written["c256"]))
    write("cryptopro_container", "read-512", b"\x00" + pieces(written["c512"]))
    write("cryptopro_container", "fields-sample", b"\x05" + pieces(sample, content=True))
    write("cryptopro_container", "fields-256-signature", b"\x01" + pieces(written["c256-signature"], content=True))
    write("cryptopro_container", "parsers-sample", b"\x02" + pieces(sample, content=True))
    write("cryptopro_container", "parsers-padded", b"\x02" + pieces(written["c512"], content=True, pad=7))
    write("cryptopro_container", "reseal-256", b"\x03" + pieces(written["c256"], content=True))
    write("cryptopro_container", "reseal-512", b"\x03" + pieces(written["c512"], content=True))
    write("cryptopro_container", "reseal-sample", b"\x07" + pieces(sample, content=True))


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def crypto():
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        (d / "content.txt").write_bytes(b"hello\n")
        openssl("req", "-x509", "-engine", "gost", "-newkey", "gost2012_256", "-pkeyopt", "paramset:A",
                "-keyout", "k.pem", "-nodes", "-subj", "/CN=Fuzz GOST/O=tokenbridge/SNILS=12345678901",
                "-days", "3650", "-outform", "DER", "-out", "gost.der", cwd=d)
        openssl("x509", "-inform", "DER", "-in", "gost.der", "-out", "gost.pem", cwd=d)
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", "ek.pem",
                "-nodes", "-subj", "/CN=Fuzz EC/C=RU", "-days", "30", "-outform", "DER", "-out", "ec.der", cwd=d)
        sign = ["cms", "-sign", "-engine", "gost", "-binary", "-in", "content.txt", "-signer", "gost.pem",
                "-inkey", "k.pem", "-outform", "DER", "-md", "md_gost12_256"]
        openssl(*sign, "-nodetach", "-out", "attached.p7s", cwd=d)
        openssl(*sign, "-out", "detached.p7s", cwd=d)
        openssl(*sign, "-noattr", "-nocerts", "-out", "noattr.p7s", cwd=d)
        files = {name: (d / name).read_bytes() for name in
                 ["gost.der", "gost.pem", "ec.der", "attached.p7s", "detached.p7s", "noattr.p7s"]}
    write("x509_certificate", "gost.der", files["gost.der"])
    write("x509_certificate", "gost.pem", files["gost.pem"])
    write("x509_certificate", "ec.der", files["ec.der"])
    write("der_reader", "gost.der", files["gost.der"])
    write("der_reader", "attached.p7s", files["attached.p7s"])
    write("der_reader", "oid", bytes.fromhex("06082A850307010101010500"))
    write("cms_verify", "attached", b"\x00" + files["attached.p7s"])
    write("cms_verify", "detached", b"\x01" + files["detached.p7s"])
    write("cms_verify", "detached-digest", b"\x02" + files["detached.p7s"])
    write("cms_verify", "noattr", b"\x01" + files["noattr.p7s"])


def auth_token():
    # Tokens around the certificates of the x509_certificate seeds (so this section makes no new
    # keys): bare and wrapped, each algorithm; the signatures are patterns, not signatures.
    import base64
    import json
    gost = base64.b64encode((CORPUS / "x509_certificate" / "gost.der").read_bytes()).decode()
    ec = base64.b64encode((CORPUS / "x509_certificate" / "ec.der").read_bytes()).decode()

    def token(certificate, algorithm, size):
        return {"format": "tokenbridge-auth:1", "unverifiedCertificate": certificate, "algorithm": algorithm,
                "signature": base64.b64encode(bytes(range(size))).decode(), "appVersion": "0.1.0"}

    write("auth_token", "gost256", json.dumps(token(gost, "GOST3410-2012-256", 64)).encode())
    write("auth_token", "gost256-wrapped", json.dumps({"authToken": token(gost, "GOST3410-2012-256", 64)}).encode())
    write("auth_token", "gost512-mismatch", json.dumps(token(gost, "GOST3410-2012-512", 128)).encode())
    write("auth_token", "es256", json.dumps(token(ec, "ES256", 64)).encode())
    write("auth_token", "rs256", json.dumps({"authToken": token(ec, "RS256", 256)}, indent=1).encode())


def cms_envelope():
    # Byte 0 odd: the fuzzer encrypts the rest itself (byte 1 cipher, byte 2 the byte to flip).
    write("cms_envelope", "roundtrip-kuznyechik", b"\x01\x00\x00" + b"hello, recipient")
    write("cms_envelope", "roundtrip-magma", b"\x01\x01\x00" + bytes(range(200)))
    write("cms_envelope", "flipped", b"\x01\x00\x2a" + b"x" * 40)
    # Byte 0 even: a message as given; openssl's, to another certificate (NOT_A_RECIPIENT after
    # the whole envelope is parsed).
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        (d / "m.txt").write_bytes(b"hello\n")
        openssl("req", "-x509", "-engine", "gost", "-newkey", "gost2012_256", "-pkeyopt", "paramset:A",
                "-keyout", "k.pem", "-nodes", "-subj", "/CN=Fuzz recipient", "-days", "3650", "-out", "c.pem", cwd=d)
        for cipher in ("kuznyechik", "magma"):
            openssl("cms", "-encrypt", "-engine", "gost", "-binary", f"-{cipher}-ctr-acpkm-omac", "-in", "m.txt",
                    "-outform", "DER", "-out", f"{cipher}.p7m", "c.pem", cwd=d)
            write("cms_envelope", f"openssl-{cipher}", b"\x00" + (d / f"{cipher}.p7m").read_bytes())


SECTIONS = {make.__name__: make for make in
            (protocol_frames, token_infos, card_responses, vtoken_apdus, passive, cryptopro, fkn, fkn_store,
              crypto, auth_token, cms_envelope)}

if __name__ == "__main__":
    # make-corpus.py [section...]: only those (crypto and cryptopro make new keys, so their files
    # change on every run; regenerate them only when their inputs must change).
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {unknown}; known: {' '.join(SECTIONS)}")
    for name in chosen:
        SECTIONS[name]()
    print("corpora written to", CORPUS, file=sys.stderr)
