/**
 * `remoteEndpoint` for CLIENT and PRODUCER spans, from the first attribute present in the OTel
 * Zipkin mapping's ranking (SPEC-NOTES §8.2). Names become `serviceName`; addresses become
 * `ipv4`/`ipv6` (+ `port` from the paired attribute) when they are IP literals, and a name otherwise.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ZipkinEndpoint } from './types';

/** [attribute, the port attribute paired with it when it holds an address] */
const RANKING: ReadonlyArray<readonly [string, string?]> = [
  ['peer.service'],
  ['server.address'],
  ['net.peer.name'],
  ['network.peer.address', 'network.peer.port'],
  // older semantic-convention socket attributes
  ['server.socket.domain'],
  ['server.socket.address', 'server.socket.port'],
  ['net.sock.peer.name'],
  ['net.sock.peer.addr', 'net.sock.peer.port'],
  // OpenTracing-era names, then the database as a last resort
  ['peer.hostname'],
  ['peer.address'],
  ['db.name'],
];

export function remoteEndpoint(attributes: Readonly<Record<string, unknown>>): ZipkinEndpoint | undefined {
  for (const [key, portKey] of RANKING) {
    const value = attributes[key];
    if (typeof value !== 'string' || value === '') continue;
    if (portKey === undefined) return { serviceName: value };
    return addressEndpoint(value, attributes[portKey]);
  }
  return undefined;
}

function addressEndpoint(address: string, port: unknown): ZipkinEndpoint {
  // `[::1]` is how an IPv6 address appears next to a port in URLs and some attributes
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  let endpoint: ZipkinEndpoint;
  if (isIPv4(bare)) endpoint = { ipv4: bare };
  else if (isIPv6(bare)) endpoint = { ipv6: bare };
  else return { serviceName: address };
  const number = typeof port === 'string' ? Number(port) : port;
  // Zipkin reads port 0 as "unknown": send only real ports
  if (typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535) endpoint.port = number;
  return endpoint;
}
