/**
 * The hand-built traces whose answers are known, with the answer worked out by hand next to each
 * (times in ms). Shared by the unit tests and the end-to-end run of the built bin.
 */
import { KIND, type SpanSpec } from './span-files';

/** root 0–100 calls A 10–40 then B 40–90: path root[0,10] A[10,40] B[40,90] root[90,100]; bottleneck B (50 ms). */
export const SEQUENTIAL: SpanSpec[] = [
  { id: 'r', name: 'GET /checkout', service: 'frontend', kind: KIND.SERVER, start: 0, end: 100 },
  { id: 'a', parent: 'r', name: 'load cart', service: 'frontend', start: 10, end: 40 },
  { id: 'b', parent: 'r', name: 'charge', service: 'frontend', start: 40, end: 90 },
];

/**
 * root 0–100 with A 5–60 and B 5–95 in parallel: B finished last, so path root[0,5] B[5,95]
 * root[95,100]; A (parallel, finished first) is not on it; bottleneck B (90 ms).
 */
export const PARALLEL: SpanSpec[] = [
  { id: 'r', name: 'GET /search', service: 'frontend', kind: KIND.SERVER, start: 0, end: 100 },
  { id: 'a', parent: 'r', name: 'query index', service: 'frontend', start: 5, end: 60 },
  { id: 'b', parent: 'r', name: 'query ads', service: 'frontend', start: 5, end: 95 },
];

/** root 0–100, A 0–20, B 70–90: the 50 ms gap is the root's own time; root 60 ms is the bottleneck (A 20, B 20). */
export const GAP: SpanSpec[] = [
  { id: 'r', name: 'GET /report', service: 'frontend', kind: KIND.SERVER, start: 0, end: 100 },
  { id: 'a', parent: 'r', name: 'fetch', service: 'frontend', start: 0, end: 20 },
  { id: 'b', parent: 'r', name: 'render', service: 'frontend', start: 70, end: 90 },
];

/**
 * Clock skew: frontend's CLIENT c 10–90 calls checkout, whose clock runs 3 ms behind: its SERVER s
 * is recorded at 7–57 (3 ms before c started) with its child q at 17–49. Shifted +3 ms (within
 * the 10 ms default tolerance), s is 10–60 and q 20–52, all inside c. Path, in time order:
 * r[0,10] s[10,20] q[20,52] s[52,60] c[60,90] r[90,100]: q 32, c 30, r 20, s 18; bottleneck q.
 * With --skew-tolerance 0 nothing shifts; s is only clamped to 10–57 and the path becomes
 * r[0,10] s[10,17] q[17,49] s[49,57] c[57,90] r[90,100]: c 33, q 32, r 20, s 15; bottleneck c.
 */
export const SKEW: SpanSpec[] = [
  { id: 'r', name: 'POST /order', service: 'frontend', kind: KIND.SERVER, start: 0, end: 100 },
  { id: 'c', parent: 'r', name: 'POST checkout', service: 'frontend', kind: KIND.CLIENT, start: 10, end: 90 },
  { id: 's', parent: 'c', name: 'POST /checkout', service: 'checkout', kind: KIND.SERVER, start: 7, end: 57 },
  { id: 'q', parent: 's', name: 'SELECT stock', service: 'checkout', start: 17, end: 49 },
];

/**
 * Missing parent: frontend root 0–100 with CLIENT c 10–80; payments' SERVER p 20–70 names parent
 * `dead` that was never exported. p is an extra root, marked; the path is the root's:
 * r[0,10] c[10,80] r[80,100]; bottleneck c (70 ms).
 */
export const MISSING_PARENT: SpanSpec[] = [
  { id: 'r', name: 'GET /pay', service: 'frontend', kind: KIND.SERVER, start: 0, end: 100 },
  { id: 'c', parent: 'r', name: 'POST payments', service: 'frontend', kind: KIND.CLIENT, start: 10, end: 80, attributes: { 'server.address': 'payments.internal', 'server.port': 8443 } },
  { id: 'p', parent: 'dead', name: 'POST /pay', service: 'payments', kind: KIND.SERVER, start: 20, end: 70 },
];

/**
 * An error deep in the tree: gateway → orders → inventory, where inventory's db query fails
 * first (ends at 40), inventory's SERVER and orders' CLIENT and SERVER fail after it, and the
 * gateway root fails too; gateway's later retry (CLIENT 60–80) succeeded but an unrelated audit
 * span failed last (ends 95). Error path: origin db 'd' (ended 40) → propagated to i, ci, o, co, r;
 * other errors: audit. Service map: gateway→orders 2 calls 1 error, orders→inventory 1 call 1 error.
 */
export const DEEP_ERROR: SpanSpec[] = [
  { id: 'r', name: 'GET /buy', service: 'gateway', kind: KIND.SERVER, start: 0, end: 100, error: 'upstream failed' },
  { id: 'co', parent: 'r', name: 'GET orders', service: 'gateway', kind: KIND.CLIENT, start: 5, end: 50, error: true },
  { id: 'o', parent: 'co', name: 'GET /orders', service: 'orders', kind: KIND.SERVER, start: 6, end: 49, error: 'inventory failed' },
  { id: 'ci', parent: 'o', name: 'GET inventory', service: 'orders', kind: KIND.CLIENT, start: 10, end: 45, error: true },
  { id: 'i', parent: 'ci', name: 'GET /stock', service: 'inventory', kind: KIND.SERVER, start: 11, end: 44, error: 'db timeout' },
  {
    id: 'd', parent: 'i', name: 'SELECT stock', service: 'inventory', start: 12, end: 40, error: 'timeout after 28ms',
    attributes: { 'db.system': 'postgresql' }, events: [{ name: 'exception', at: 40, attributes: { 'exception.type': 'TimeoutError' } }],
  },
  { id: 'c2', parent: 'r', name: 'GET orders', service: 'gateway', kind: KIND.CLIENT, start: 60, end: 80 },
  { id: 'o2', parent: 'c2', name: 'GET /orders', service: 'orders', kind: KIND.SERVER, start: 61, end: 79 },
  { id: 'au', parent: 'r', name: 'audit', service: 'gateway', start: 85, end: 95, error: 'audit log full' },
];
