// TEST CA of the demo portal — NOT a real certification authority. It issues a certificate for
// any PKCS#10 request it is given, so that the enroll page can be tried end to end with virtual
// tokens. Made with the openssl CLI and the gost engine through an app-local OPENSSL_CONF (the
// system's OpenSSL configuration is left alone), in a temporary directory deleted on close().
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// The gost engine's section comes from the one generator the tests use too (it asks openssl for
// its engines directory, so the path is right on every architecture).
const GOST_CONF = new URL('../scripts/gost_openssl_conf.py', import.meta.url);
const MAX_CSR_CHARS = 16 * 1024;

const sections = (dir, aia) => `[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = tokenbridge demo TEST CA (not trusted)
O = tokenbridge demo
C = RU
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = clientAuth, emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
${aia ? `authorityInfoAccess = OCSP;URI:${aia.ocsp}, caIssuers;URI:${aia.caIssuers}` : ''}
[v3_tsa]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
# ${dir}
`;

// `aia` ({ocsp, caIssuers} URLs, optional): named in every issued certificate, so long-term
// signatures find the demo's OCSP responder and the CA certificate (long-term.mjs).
export async function createTestCa({ aia } = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenbridge-demo-ca-'));
  const env = { ...process.env, OPENSSL_CONF: path.join(dir, 'openssl.cnf') };
  const openssl = (...args) => run('openssl', args, { env, cwd: dir });
  const { stdout: engine } = await run('python3', [GOST_CONF.pathname]);
  await fs.writeFile(env.OPENSSL_CONF, engine + sections(dir, aia));
  await fs.writeFile(path.join(dir, 'index.txt'), '');
  await openssl('genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', 'ca.key');
  await openssl('req', '-new', '-x509', '-key', 'ca.key', '-md_gost12_256', '-days', '30',
    '-extensions', 'v3_ca', '-out', 'ca.pem');
  const caPem = await fs.readFile(path.join(dir, 'ca.pem'), 'utf8');
  let serial = 0;
  return {
    certificate: caPem,
    certificatePath: path.join(dir, 'ca.pem'), // for tools that take a file (verify-auth --trusted-root)
    // PEM CSR -> PEM certificate (10 days), after openssl checked the request's own signature.
    async issue(csrPem) {
      if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_CHARS || !csrPem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
        throw new RangeError('expected one PEM certificate request');
      }
      const name = `req-${++serial}`;
      await fs.writeFile(path.join(dir, `${name}.csr`), csrPem);
      await openssl('req', '-verify', '-noout', '-in', `${name}.csr`);
      await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key',
        '-CAcreateserial', '-md_gost12_256', '-days', '10', '-extfile', env.OPENSSL_CONF,
        '-extensions', 'v3_user', '-out', `${name}.pem`);
      // The OCSP responder's database (`openssl ca` index): good until it expires.
      const { stdout } = await openssl('x509', '-in', `${name}.pem`, '-noout', '-serial');
      const expiry = new Date(Date.now() + 10 * 86400e3).toISOString().replace(/[-:T]/g, '').slice(2, 14);
      await fs.appendFile(path.join(dir, 'index.txt'), `V\t${expiry}Z\t\t${stdout.trim().split('=')[1]}\tunknown\t/CN=${name}\n`);
      return fs.readFile(path.join(dir, `${name}.pem`), 'utf8');
    },
    dir,
    openssl,
    close: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
