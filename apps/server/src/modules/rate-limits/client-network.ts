import { isIPv6 } from 'node:net';

/**
 * The network a client counts in: an IPv4 address on its own, an IPv6 address by its /64.
 * One subscriber gets a whole /64 and may use any of its 2^64 addresses, so counting each
 * address alone would give one client unlimited buckets.
 */
export function clientNetworkOf(ip: string): string {
  const address = ip.split('%')[0] ?? ip; // a zone id (fe80::1%eth0) names an interface
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, lower case without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address;
  const v4Tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    text = `${text.slice(0, v4Tail.index)}${high}:${low}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}

/**
 * Fastify's `trustProxy` from TRUST_PROXY (config.ts). Addresses go to proxy-addr as they
 * are. Fastify 5 treats a bare number as "trust nothing" (a hop count cannot check the
 * peer), so a hop count becomes a function trusting that many hops: right only where the
 * app cannot be reached except through those proxies (README, ADR 0015).
 */
export function trustProxyOption(
  trust: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}
