/**
 * A throwaway CA and a server certificate for 127.0.0.1/localhost, built with Node's crypto and a
 * small DER encoder (X.509 v3, RFC 5280; ECDSA P-256 with SHA-256, RFC 5758): no npm package, no
 * openssl binary, nothing written to disk. Azure's pipeline refuses bearer tokens over plain HTTP,
 * so the fake Azure server speaks HTTPS with this; clients trust the CA explicitly (an `ca` option or
 * NODE_EXTRA_CA_CERTS), never by switching verification off.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const explicit = (n: number, ...c: Buffer[]) => tlv(0xa0 + n, ...c);
const int = (b: Buffer) => tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const stack = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) stack.unshift(0x80 | (v & 0x7f));
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function certificate(opts: { subject: string; issuer: string; publicKey: KeyObject; signer: KeyObject; extensions: Buffer[] }): string {
  const now = Date.now();
  const tbs = seq(
    explicit(0, int(Buffer.from([2]))),
    int(Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
    ECDSA_SHA256,
    name(opts.issuer),
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 2 * 86400_000))),
    name(opts.subject),
    opts.publicKey.export({ type: 'spki', format: 'der' }) as Buffer,
    explicit(3, seq(...opts.extensions)),
  );
  const signature = sign('sha256', tbs, opts.signer);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export interface TestCertificates {
  /** The CA certificate (PEM): what a client trusts. */
  ca: string;
  /** Server certificate (PEM) for 127.0.0.1 and localhost, issued by the CA. */
  cert: string;
  /** Server private key (PEM). */
  key: string;
}

export function makeTestCertificates(): TestCertificates {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ca = certificate({
    subject: 'ailz test CA', issuer: 'ailz test CA', publicKey: caKeys.publicKey, signer: caKeys.privateKey,
    extensions: [
      ext('2.5.29.19', true, seq(bool(true))), // basicConstraints CA:TRUE
      ext('2.5.29.15', true, bits(Buffer.from([0x06]), 1)), // keyUsage keyCertSign, cRLSign
    ],
  });
  const san = seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const cert = certificate({
    subject: '127.0.0.1', issuer: 'ailz test CA', publicKey: serverKeys.publicKey, signer: caKeys.privateKey,
    extensions: [
      ext('2.5.29.19', true, seq()), // basicConstraints CA:FALSE
      ext('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // keyUsage digitalSignature
      ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage serverAuth
      ext('2.5.29.17', false, san),
    ],
  });
  const key = serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  // Round-trip through the key parsers: a malformed key fails here, not inside a TLS handshake.
  createPrivateKey(key);
  createPublicKey(cert);
  return { ca, cert, key };
}
