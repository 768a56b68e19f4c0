/**
 * Who calls whom (README § Service map). An edge A → B is a CLIENT span of service A with a
 * SERVER child of service B. When the server side is not in the input (an uninstrumented or
 * external callee), B is the CLIENT span's `peer.service`, else its `server.address`
 * (`:server.port` appended when present), else `(unknown)`. A call failed when the CLIENT span
 * or its SERVER child has status ERROR. p50/p99 are nearest-rank over the CLIENT durations.
 */
import type { EdgeVia, ServiceEdge, SpanNode, Trace } from '../types';
import { percentile } from './percentile';

interface Calls {
  from: string;
  to: string;
  via: EdgeVia;
  durations: number[];
  errors: number;
}

/** The most direct evidence seen for an edge names it. */
const VIA_RANK: Record<EdgeVia, number> = { 'server-span': 0, 'peer.service': 1, 'server.address': 2, unknown: 3 };

export function serviceMap(traces: readonly Trace[]): ServiceEdge[] {
  const edges = new Map<string, Calls>();
  const add = (client: SpanNode, to: string, via: EdgeVia, failed: boolean): void => {
    const from = client.record.service;
    const key = `${from}\u0000${to}`;
    let calls = edges.get(key);
    if (calls === undefined) edges.set(key, (calls = { from, to, via, durations: [], errors: 0 }));
    if (VIA_RANK[via] < VIA_RANK[calls.via]) calls.via = via;
    calls.durations.push(client.end - client.start);
    if (failed) calls.errors++;
  };
  for (const trace of traces) {
    for (const span of trace.spans) {
      if (span.record.kind !== 'CLIENT') continue;
      const clientFailed = span.record.status === 'ERROR';
      const servers = span.children.filter((child) => child.record.kind === 'SERVER');
      if (servers.length === 0) {
        const [to, via] = calleeFromAttributes(span);
        add(span, to, via, clientFailed);
        continue;
      }
      for (const service of new Set(servers.map((server) => server.record.service))) {
        const serverFailed = servers.some((s) => s.record.service === service && s.record.status === 'ERROR');
        add(span, service, 'server-span', clientFailed || serverFailed);
      }
    }
  }
  return [...edges.values()]
    .map(({ from, to, via, durations, errors }) => ({
      from,
      to,
      via,
      calls: durations.length,
      errors,
      errorRate: errors / durations.length,
      p50: percentile(durations, 50),
      p99: percentile(durations, 99),
    }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function calleeFromAttributes(span: SpanNode): [string, EdgeVia] {
  const attributes = span.record.attributes;
  const peer = attributes['peer.service'];
  if (typeof peer === 'string' && peer !== '') return [peer, 'peer.service'];
  const address = attributes['server.address'];
  if (typeof address === 'string' && address !== '') {
    const port = attributes['server.port'];
    return [port === undefined || port === null ? address : `${address}:${String(port)}`, 'server.address'];
  }
  return ['(unknown)', 'unknown'];
}
