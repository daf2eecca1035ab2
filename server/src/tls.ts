/**
 * The bridge serving HTTPS and WSS itself (`tls: {certFile, keyFile}`), for a site without a TLS proxy in front.
 * The files are checked when the configuration is (at start, and by `npm run check-config`): each readable, the
 * certificate a PEM certificate valid today, the key a PEM private key, and the key the certificate's.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsConfig } from './config';
import type { ConfigProblem } from './loadConfig';

export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

function read(file: string, key: string, problems: ConfigProblem[]): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    problems.push({ key, message: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

/** Every problem with the TLS files, by key (tls.certFile, tls.keyFile); none for null (plain HTTP). */
export function tlsProblems(tls: TlsConfig | null, now: Date = new Date()): ConfigProblem[] {
  if (tls === null) return [];
  const problems: ConfigProblem[] = [];
  const certPem = read(tls.certFile, 'tls.certFile', problems);
  const keyPem = read(tls.keyFile, 'tls.keyFile', problems);
  let certificate: X509Certificate | undefined;
  if (certPem) {
    try {
      certificate = new X509Certificate(certPem);
    } catch {
      problems.push({ key: 'tls.certFile', message: `${tls.certFile} holds no PEM certificate` });
    }
  }
  if (certificate) {
    if (new Date(certificate.validTo) < now) problems.push({ key: 'tls.certFile', message: `the certificate in ${tls.certFile} expired on ${certificate.validTo}` });
    else if (new Date(certificate.validFrom) > now) problems.push({ key: 'tls.certFile', message: `the certificate in ${tls.certFile} is valid only from ${certificate.validFrom}` });
  }
  let key: KeyObject | undefined;
  if (keyPem) {
    try {
      key = createPrivateKey(keyPem);
    } catch {
      problems.push({ key: 'tls.keyFile', message: `${tls.keyFile} holds no unencrypted PEM private key` });
    }
  }
  if (certificate && key && !certificate.checkPrivateKey(key)) {
    problems.push({ key: 'tls.keyFile', message: `${tls.keyFile} is not the key of the certificate in ${tls.certFile}` });
  }
  return problems;
}

/** The files' contents, for Node's TLS server (already checked by tlsProblems). */
export function readTlsCredentials(tls: TlsConfig): TlsCredentials {
  return { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
}
