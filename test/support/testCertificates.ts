/**
 * Certificates made at test time with the openssl command line (Debian's openssl package): a certificate authority
 * of its own, and a server certificate it signs for localhost and 127.0.0.1. Nothing is trusted outside the test:
 * a client trusts them by the CA (Node's `ca` option) or by the server key's SPKI hash (Chromium's
 * --ignore-certificate-errors-spki-list, which trusts that one key only).
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** A key that does not belong to certFile. */
  readonly otherKeyFile: string;
  readonly caPem: string;
  /** base64 of the SHA-256 of the server key's SubjectPublicKeyInfo (DER), as Chromium's flag takes it. */
  readonly spkiHash: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestCertificates(names: { readonly dns?: readonly string[]; readonly ips?: readonly string[] } = {}): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'test-certs-'));
  const dns = names.dns ?? ['localhost'];
  const ips = names.ips ?? ['127.0.0.1', '::1'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA made by the test run', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${dns[0] ?? 'localhost'}`], dir);
  const altNames = [...dns.map((name) => `DNS:${name}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key'], dir);
  const certFile = join(dir, 'server.pem');
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile,
    keyFile: join(dir, 'server.key'),
    otherKeyFile: join(dir, 'other.key'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    spkiHash: createHash('sha256').update(spki).digest('base64'),
  };
}
