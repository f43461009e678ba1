"""One host process (native messaging): the token's signature answer is altered on the way
(vtoken --tamper-sm-response), the host reports a typed retryable error without a signature,
then signs the same document correctly. Writes doc.bin / sig.p7s into WORK for openssl."""
import base64
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "host"))
from hostdriver import Host  # noqa: E402

host_bin, device, key, work = sys.argv[1:5]
document = os.urandom(3000)
params = {"deviceId": device, "keyId": key, "data": base64.b64encode(document).decode(),
          "detached": True, "pin": "12345678"}
host = Host(host_bin)
try:
    first = host.call("sign", params)
    error = first.get("error")
    assert error is not None and "result" not in first, first
    assert error["code"] == "CARD_ERROR" and error.get("reason") == "secure-channel", first
    assert error.get("retryable", True), first
    second = host.call("sign", params)
    assert "result" in second, second
    with open(os.path.join(work, "doc.bin"), "wb") as out:
        out.write(document)
    with open(os.path.join(work, "sig.p7s"), "wb") as out:
        out.write(base64.b64decode(second["result"]["cms"]))
    assert not host.stream_errors, host.stream_errors
finally:
    host.close()
print("tampered answer refused; next sign ok")
