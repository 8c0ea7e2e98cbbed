import net from 'node:net';

/**
 * Which proxies may tell us the client's address (X-Forwarded-For, -Proto, -Host). Trusting every
 * hop lets any client write its own IP into the log, so the default is none: the app sees the
 * socket's peer. Behind a load balancer, name it: `true` (every hop: only when nothing but the
 * proxy can reach the app), or a comma-separated list of addresses, CIDR ranges and proxy-addr's
 * names (`loopback`, `linklocal`, `uniquelocal`), as Fastify's `trustProxy` takes them.
 * A hop count is refused at boot although Fastify's type allows one: since 5.x Fastify fails
 * closed on it (it cannot check the immediate peer) and trusts nothing, which an operator who
 * wrote `1` would not expect.
 */
export type TrustProxy = boolean | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Is this an address, a CIDR range (a.b.c.d/24, ::1/128) or an address with a netmask? */
function isAddressOrRange(item: string): boolean {
  if (NAMED_RANGES.has(item)) return true;
  const [address, suffix, extra] = item.split('/');
  if (extra !== undefined || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (suffix === undefined) return true;
  if (/^\d{1,3}$/.test(suffix)) return Number(suffix) <= (family === 4 ? 32 : 128);
  return family === 4 && net.isIPv4(suffix);
}

/** The TRUST_PROXY value as Fastify takes it, or an explanation of what was expected. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { expected: string } {
  const value = (raw ?? '').trim();
  if (value === '' || /^(false|no|0)$/i.test(value)) return false;
  if (/^(true|yes)$/i.test(value)) return true;
  if (/^\d+$/.test(value)) {
    return { expected: `the proxies' addresses or CIDR ranges (or true), not a hop count: Fastify trusts no hop by count; got "${raw}"` };
  }
  const items = value.split(',').map((item) => item.trim().toLowerCase());
  const bad = items.find((item) => !isAddressOrRange(item));
  if (bad !== undefined) {
    return { expected: `false, true, or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal, uniquelocal; "${bad}" is none of these` };
  }
  return items;
}
