// The demo's timestamp server (RFC 3161) and OCSP responder (RFC 6960) for long-term signatures
// (sign page: CAdES-T, CAdES-X Long Type 1), both run by the TEST CA's openssl (test-ca.mjs):
// one `openssl ts -reply` or `openssl ocsp -reqin` per request, GOST keys. TEST ONLY: the TSA
// key is made on first use and trusted by nobody.
import fs from 'node:fs/promises';
import path from 'node:path';

const MAX_QUERY = 16 * 1024;

export async function readBytes(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_QUERY) throw new RangeError('request too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function createLongTermServices(getCa) {
  let tsaReady = null;
  let serial = 0;
  async function tsa(ca) {
    const file = (name) => path.join(ca.dir, name);
    await ca.openssl('genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', 'tsa.key');
    await ca.openssl('req', '-new', '-key', 'tsa.key', '-subj', '/CN=tokenbridge demo TEST TSA', '-out', 'tsa.csr');
    await ca.openssl('x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-md_gost12_256', '-days', '30', '-extfile', file('openssl.cnf'), '-extensions', 'v3_tsa', '-out', 'tsa.pem');
    await fs.writeFile(file('tsa.serial'), '01\n');
    // A separate -config: the engine is loaded once, by OPENSSL_CONF.
    await fs.writeFile(file('tsa.cnf'), `[tsa_config1]
serial = ${file('tsa.serial')}
signer_digest = md_gost12_256
default_policy = 1.2.643.100.113.1
digests = md_gost12_256, md_gost12_512, sha256
accuracy = secs:1
ess_cert_id_alg = sha256
`);
  }
  // Writes the request, runs openssl, returns its answer file.
  async function answer(ca, query, args, out) {
    const name = `q-${++serial}`;
    await fs.writeFile(path.join(ca.dir, name), query);
    try {
      await ca.openssl(...args(name), out(name));
      return await fs.readFile(path.join(ca.dir, `${name}.out`));
    } finally {
      await fs.rm(path.join(ca.dir, name), { force: true });
      await fs.rm(path.join(ca.dir, `${name}.out`), { force: true });
    }
  }
  return {
    // POST application/timestamp-query -> application/timestamp-reply
    async timestamp(query) {
      const ca = await getCa();
      await (tsaReady ??= tsa(ca));
      return answer(ca, query, (q) => ['ts', '-reply', '-queryfile', q, '-inkey', 'tsa.key', '-signer', 'tsa.pem',
        '-config', 'tsa.cnf', '-section', 'tsa_config1', '-out'], (q) => `${q}.out`);
    },
    // POST application/ocsp-request -> application/ocsp-response, signed by the CA itself.
    async ocsp(request) {
      const ca = await getCa();
      return answer(ca, request, (q) => ['ocsp', '-index', 'index.txt', '-CA', 'ca.pem', '-rsigner', 'ca.pem',
        '-rkey', 'ca.key', '-rmd', 'md_gost12_256', '-reqin', q, '-respout'], (q) => `${q}.out`);
    },
  };
}
