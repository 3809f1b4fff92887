/**
 * The SSRF guard of webhook targets: an endpoint may not reach loopback, private, link-local
 * (cloud metadata at 169.254.169.254 among them), CGNAT, multicast or otherwise reserved
 * addresses. Checked when an endpoint is saved and again on every connection (a DNS answer can
 * change between the two: rebinding), unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What an ipaddr.js range is called in a refusal. */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  uniqueLocal: 'a private-network address',
  linkLocal: 'a link-local address (cloud metadata lives there)',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  unspecified: 'an unspecified address',
};

/** Cloud metadata services outside the ranges above (AWS over IPv6). */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254']);

/** Why an address may not be a webhook target; undefined when it may. */
export function refusedAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = ipaddr.IPv6.parse(address);
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  if (METADATA_ADDRESSES.has(parsed.toString())) return `${address} is a cloud metadata address`;
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return `${address} is ${RANGE_NAMES[range] ?? `a reserved address (${range})`}`;
}

export class RefusedTargetError extends Error {
  readonly code = 'WEBHOOK_TARGET_REFUSED';
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedTargetError';
  }
}

/** Every address a host name resolves to (the literal itself for an IP). */
export async function resolveAll(host: string): Promise<string[]> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) !== 0) return [bare];
  return new Promise((resolve, reject) => {
    dnsLookup(bare, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => a.address));
    });
  });
}

/** The first refusal among a host's addresses; undefined when all may be reached. */
export async function checkHost(host: string): Promise<string | undefined> {
  const addresses = await resolveAll(host);
  for (const a of addresses) {
    const reason = refusedAddress(a);
    if (reason !== undefined) return `url resolves to ${reason}`;
  }
  return undefined;
}

/**
 * A `lookup` for http(s) agents that answers only addresses the guard allows: the check at
 * connect time, on the very address the socket will use.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const all: LookupAllOptions = { family: options.family, hints: options.hints, all: true, verbatim: true };
  dnsLookup(hostname, all, (err, addresses: LookupAddress[]) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const allowed: LookupAddress[] = [];
    let refusal: string | undefined;
    for (const a of addresses) {
      const reason = refusedAddress(a.address);
      if (reason === undefined) allowed.push(a);
      else refusal ??= reason;
    }
    const first = allowed.at(0);
    if (first === undefined) {
      callback(new RefusedTargetError(`url resolves to ${refusal ?? 'no address'}`), '', 0);
      return;
    }
    // Node asks for every address when it tries both families (autoSelectFamily).
    if (Reflect.get(options, 'all') === true) callback(null, allowed);
    else callback(null, first.address, first.family);
  });
};
