"""One local PKI for the long-term signature tests, made once per test process: a GOST CA, a TSA
(critical timeStamping), a delegated OCSP responder (`openssl ocsp`), the TSA server
(tsa_server.py), signer certificates (good, revoked) naming the responder in
authorityInfoAccess, and CAdES-BES messages of them made by `openssl cms -sign`."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pki:
    def __init__(self, start_ocsp=True):
        self.work = tempfile.mkdtemp(prefix="tb-cades-")
        self.processes = []
        conf = subprocess.run([sys.executable, f"{REPO}/scripts/gost_openssl_conf.py"],
                              check=True, capture_output=True, text=True).stdout
        self.ocsp_port = free_port()
        self.env = dict(os.environ, OPENSSL_CONF=self.path("openssl.cnf"))
        tsa = subprocess.Popen([sys.executable, f"{HERE}/tsa_server.py", self.work],
                               stdout=subprocess.PIPE, env=self.env)
        self.processes.append(tsa)
        self.tsa_port = int(tsa.stdout.readline())
        with open(self.path("openssl.cnf"), "w") as f:
            f.write(conf + f"""
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = tokenbridge long-term test CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[v3_tsa]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
[v3_responder]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
[v3_signer]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
authorityInfoAccess = OCSP;URI:http://127.0.0.1:{self.ocsp_port}, caIssuers;URI:http://127.0.0.1:{self.tsa_port}/ca.der
[v3_crl_signer]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
crlDistributionPoints = URI:http://127.0.0.1:{self.tsa_port}/ca.crl
[ca]
default_ca = test_ca
[test_ca]
database = {self.path("index.txt")}
crlnumber = {self.path("crlnumber")}
default_md = md_gost12_256
default_crl_days = 2
[v3_no_ca_issuers]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
authorityInfoAccess = OCSP;URI:http://127.0.0.1:{self.ocsp_port}
""")
        with open(self.path("tsa.cnf"), "w") as f:
            f.write(f"""[tsa_config1]
serial = {self.path("tsa.serial")}
signer_digest = md_gost12_256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = md_gost12_256, md_gost12_512, sha256
accuracy = secs:1
ess_cert_id_alg = sha256
""")
        with open(self.path("tsa.serial"), "w") as f:
            f.write("01\n")
        self.openssl("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A",
                     "-out", self.path("ca.key"))
        self.openssl("req", "-new", "-x509", "-key", self.path("ca.key"), "-md_gost12_256",
                     "-days", "30", "-extensions", "v3_ca", "-out", self.path("ca.pem"))
        self.openssl("x509", "-in", self.path("ca.pem"), "-outform", "DER", "-out",
                     self.path("ca.der"))
        for name, extensions in (("tsa", "v3_tsa"), ("ocsp", "v3_responder"),
                                 ("signer", "v3_signer"), ("revoked", "v3_no_ca_issuers"),
                                 ("crl-signer", "v3_crl_signer"),
                                 ("crl-revoked", "v3_crl_signer")):
            self.issue(name, extensions)
        serial = lambda name: self.openssl("x509", "-in", self.path(f"{name}.pem"), "-noout",
                                           "-serial").split("=")[1].strip()
        expiry = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() + 10 * 86400))
        revoked_at = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() - 3600))
        self.index = [f"V\t{expiry}\t\t{serial('signer')}\tunknown\t/CN=signer\n",
                      f"R\t{expiry}\t{revoked_at}\t{serial('revoked')}\tunknown\t/CN=revoked\n"]
        with open(self.path("document.txt"), "wb") as f:
            f.write(b"a document for the archive\n" * 10)
        # A CRL of the CA (openssl ca -gencrl over the same index) for certificates without OCSP.
        self.index += [f"V\t{expiry}\t\t{serial('crl-signer')}\tunknown\t/CN=crl-signer\n",
                       f"R\t{expiry}\t{revoked_at}\t{serial('crl-revoked')}\tunknown\t/CN=crl-revoked\n"]
        with open(self.path("index.txt"), "w") as f:
            f.writelines(self.index)
        with open(self.path("crlnumber"), "w") as f:
            f.write("01\n")
        self.openssl("ca", "-gencrl", "-keyfile", self.path("ca.key"), "-cert", self.path("ca.pem"),
                     "-out", self.path("ca.crl.pem"))
        self.openssl("crl", "-in", self.path("ca.crl.pem"), "-outform", "DER", "-out",
                     self.path("ca.crl"))
        for name in ("signer", "revoked", "crl-signer", "crl-revoked"):
            self.openssl("cms", "-sign", "-binary", "-in", self.path("document.txt"),
                         "-signer", self.path(f"{name}.pem"), "-inkey", self.path(f"{name}.key"),
                         "-md", "md_gost12_256", "-outform", "DER", "-out",
                         self.path(f"{name}.bes"))
        if start_ocsp:
            self.start_ocsp()
        # host.json of this test's user: both servers listed.
        os.makedirs(self.path("config/tokenbridge"))
        with open(self.path("config/tokenbridge/host.json"), "w") as f:
            f.write('{"timestampServers": ["127.0.0.1:%d", "127.0.0.1:%d"]}'
                    % (self.tsa_port, self.ocsp_port))

    def path(self, name):
        return os.path.join(self.work, name)

    def openssl(self, *args, check=True):
        result = subprocess.run(["openssl", *args], capture_output=True, text=True, env=self.env)
        if check and result.returncode != 0:
            raise RuntimeError(f"openssl {' '.join(args)}: {result.stderr}")
        return result.stdout

    def issue(self, name, extensions):
        self.openssl("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A",
                     "-out", self.path(f"{name}.key"))
        self.openssl("req", "-new", "-key", self.path(f"{name}.key"), "-subj", f"/CN={name}",
                     "-out", self.path(f"{name}.csr"))
        self.openssl("x509", "-req", "-in", self.path(f"{name}.csr"), "-CA", self.path("ca.pem"),
                     "-CAkey", self.path("ca.key"), "-CAcreateserial", "-md_gost12_256",
                     "-days", "10", "-extfile", self.path("openssl.cnf"), "-extensions",
                     extensions, "-out", self.path(f"{name}.pem"))

    def certify(self, name, csr_pem, revoked=False):
        """Issues a signer certificate for a CSR (made on a token); the responder, started after,
        knows it as good or revoked."""
        with open(self.path(f"{name}.csr"), "w") as f:
            f.write(csr_pem)
        self.openssl("x509", "-req", "-in", self.path(f"{name}.csr"), "-CA", self.path("ca.pem"),
                     "-CAkey", self.path("ca.key"), "-CAcreateserial", "-md_gost12_256",
                     "-days", "10", "-extfile", self.path("openssl.cnf"), "-extensions",
                     "v3_signer", "-out", self.path(f"{name}.pem"))
        serial = self.openssl("x509", "-in", self.path(f"{name}.pem"), "-noout",
                              "-serial").split("=")[1].strip()
        expiry = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() + 10 * 86400))
        revoked_at = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() - 3600))
        self.index.append(f"R\t{expiry}\t{revoked_at}\t{serial}\tunknown\t/CN={name}\n"
                          if revoked else f"V\t{expiry}\t\t{serial}\tunknown\t/CN={name}\n")
        with open(self.path(f"{name}.pem")) as f:
            return f.read()

    def start_ocsp(self):
        with open(self.path("index.txt"), "w") as f:
            f.writelines(self.index)
        with open(self.path("ocsp.log"), "w") as log:
            responder = subprocess.Popen(
                ["openssl", "ocsp", "-index", self.path("index.txt"), "-port",
                 str(self.ocsp_port), "-rsigner", self.path("ocsp.pem"), "-rkey",
                 self.path("ocsp.key"), "-CA", self.path("ca.pem"), "-rmd", "md_gost12_256",
                 "-ignore_err"], stdout=log, stderr=log, env=self.env)
        self.processes.append(responder)
        # Ready when it says so: a probing connection would stall this one-client server.
        for _ in range(100):
            with open(self.path("ocsp.log")) as f:
                if "waiting for OCSP client connections" in f.read():
                    return
            time.sleep(0.05)
        raise RuntimeError("openssl ocsp did not start")

    def url(self, path="/tsa"):
        return f"http://127.0.0.1:{self.tsa_port}{path}"

    def tsa_requests(self):
        import urllib.request
        with urllib.request.urlopen(self.url("/count"), timeout=5) as answer:
            return int(answer.read())

    def close(self):
        for process in self.processes:
            process.kill()
            process.wait()
            if process.stdout:
                process.stdout.close()
        shutil.rmtree(self.work, ignore_errors=True)
