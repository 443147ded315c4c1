/** IPv4 CIDR arithmetic for address-space validation and subnet planning. Pure functions. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_RE = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/;

/**
 * The canonical spelling of an IPv4 CIDR (octets 0-255 and a prefix 0-32, without leading zeros):
 * the JSON Schema pattern and the zod schema use it, and `parseCidr` explains every way to miss it.
 */
export const CANONICAL_CIDR_PATTERN = '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$';

/**
 * Parses `a.b.c.d/n` in canonical form. Returns an error string instead of throwing: not a CIDR, an
 * octet above 255, a prefix above 32, leading zeros (`10.01.0.0/16`: some tools read them as octal,
 * so ailz asks for the canonical spelling and suggests it), host bits set.
 */
export function parseCidr(text: string): Cidr | string {
  const m = CIDR_RE.exec(text);
  if (!m) return `"${text}" is not an IPv4 CIDR (expected a.b.c.d/n)`;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  if (prefix > 32) return `"${text}" has a prefix length above 32`;
  if (m.slice(1, 6).some((part) => part.length > 1 && part.startsWith('0'))) {
    return `"${text}" has leading zeros (some tools read them as octal); write ${octets.join('.')}/${prefix}`;
  }
  const ip = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const base = (ip & maskOf(prefix)) >>> 0;
  if (base !== ip) return `"${text}" has host bits set; did you mean ${formatCidr({ base, prefix })}?`;
  return { base, prefix };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function lastAddress(c: Cidr): number {
  return c.base + size(c) - 1;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer);
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

/** RFC 1918 private ranges: spokes and hubs must live in them. */
export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr);

export function isPrivate(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => contains(r, c));
}
