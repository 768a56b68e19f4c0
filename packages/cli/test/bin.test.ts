/**
 * End to end: spans recorded by @tracewire/core's real tracer and JSONL exporter (two services,
 * the second with its clock 3 ms behind, the context carried by a real traceparent through
 * inject/extract), viewed by the built `tracewire` executable.
 */
import { readFileSync } from 'node:fs';
import {
  JsonlSpanExporter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  createTracer,
  extract,
  inject,
  withSpan,
  type Tracer,
} from '@tracewire/core';
import { BIN, ensureBuilt, runBin } from './helpers/built-bin';
import { tempDir, type TempDir } from './helpers/span-files';

let dir: TempDir;
let file: string;
let traceId: string;

/** Start of the recorded trace, epoch ms. */
const T0 = 1_750_000_000_000;
/** The inventory service's clock runs this far behind the shop's. */
const SKEW_MS = 3;

function tracer(serviceName: string, path: string): Tracer {
  return createTracer({ serviceName, exporter: new JsonlSpanExporter({ path }), register: false, env: {}, batch: { scheduledDelayMillis: 1 } });
}

beforeAll(async () => {
  dir = await tempDir();
  file = `${dir.path}/spans.jsonl`;
  const [, shop, inventory] = await Promise.all([ensureBuilt(), tracer('shop', file), tracer('inventory', file)]);
  // shop: SERVER GET /cart 0–100 → CLIENT GET inventory 10–70 (failed) ; render 70–95
  const root = shop.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: T0 });
  traceId = root.spanContext().traceId;
  const client = shop.startSpan('GET inventory', { kind: SpanKind.CLIENT, startTime: T0 + 10 }, withSpan(ROOT_CONTEXT, root));
  const headers: Record<string, string> = {};
  inject(withSpan(ROOT_CONTEXT, client), headers);
  // inventory: SERVER GET /stock at 11–69 true time, recorded 3 ms early: 8–66; its query 20–60 true
  const incoming = extract(headers);
  const server = inventory.startSpan('GET /stock', { kind: SpanKind.SERVER, startTime: T0 + 11 - SKEW_MS }, incoming);
  const query = inventory.startSpan('SELECT stock', { startTime: T0 + 20 - SKEW_MS }, withSpan(ROOT_CONTEXT, server));
  query.setAttribute('db.system', 'postgresql');
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  query.end(T0 + 60 - SKEW_MS);
  server.setStatus({ code: SpanStatusCode.ERROR });
  server.end(T0 + 69 - SKEW_MS);
  client.setStatus({ code: SpanStatusCode.ERROR });
  client.end(T0 + 70);
  const render = shop.startSpan('render', { startTime: T0 + 70 }, withSpan(ROOT_CONTEXT, root));
  render.end(T0 + 95);
  root.end(T0 + 100);
  await Promise.all([inventory.shutdown(), shop.shutdown()]);
}, 240_000);
afterAll(() => dir.remove());

describe(`the built bin (${BIN}) on a file recorded by core`, () => {
  it('--json: critical path, bottleneck, skew shift, error path and service map', async () => {
    const run = await runBin(['view', file, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`tracewire: read 5 spans from ${file}\n`);
    const [trace] = JSON.parse(run.stdout).traces;
    expect(trace.traceId).toBe(traceId);
    const byName = Object.fromEntries(trace.spans.map((span: { name: string }) => [span.name, span]));
    // recorded times, relative to the earliest start (the root, on the shop's clock)
    expect([byName['GET /stock'].startMs, byName['GET /stock'].endMs]).toEqual([8, 66]);
    // 8 is 2 ms before its CLIENT parent started at 10: shifted +2, within the 10 ms tolerance
    expect(byName['GET /stock'].skewShiftMs).toBe(2);
    expect(byName['SELECT stock'].skewShiftMs).toBe(2);
    // by hand, shifted: stock 10–68, query 19–59. Path: root[0,10] stock[10,19] query[19,59]
    // stock[59,68] client[68,70] render[70,95] root[95,100]
    expect(trace.criticalPath.segments.map((s: { spanId: string; startMs: number; endMs: number }) => [
      trace.spans.find((span: { spanId: string }) => span.spanId === s.spanId).name, s.startMs, s.endMs,
    ])).toEqual([
      ['GET /cart', 0, 10],
      ['GET /stock', 10, 19],
      ['SELECT stock', 19, 59],
      ['GET /stock', 59, 68],
      ['GET inventory', 68, 70],
      ['render', 70, 95],
      ['GET /cart', 95, 100],
    ]);
    expect(trace.bottleneck).toMatchObject({ name: 'SELECT stock', service: 'inventory', criticalMs: 40, share: 0.4 });
    expect(trace.errorPath.origin).toMatchObject({ name: 'SELECT stock', message: 'deadlock detected', endMs: 59 });
    expect(trace.errorPath.propagatedTo.map((span: { name: string }) => span.name)).toEqual(['GET /stock', 'GET inventory']);
    expect(trace.serviceMap).toEqual([
      { from: 'shop', to: 'inventory', via: 'server-span', calls: 1, errors: 1, errorRate: 1, p50Ms: 60, p99Ms: 60 },
    ]);
  });

  it('text: fits --width, no colors on a pipe, the marks and notes', async () => {
    const run = await runBin(['view', file, '--width', '90', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('\u001b[');
    const rows = run.stdout.split('\n').filter((line) => line.endsWith('│'));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect([...row].length).toBe(90);
    expect(rows.find((row) => row.includes('SELECT stock'))!.startsWith('◆✗')).toBe(true);
    expect(run.stdout).toContain('clock skew: shifted +2.00ms with its subtree for the critical path (recorded 8.00ms – 66.0ms)');
    expect(run.stdout).toContain('Bottleneck  SELECT stock (inventory): 40.0ms');
  });

  it('--color forces colors even on a pipe; NO_COLOR alone does not matter off a TTY', async () => {
    expect((await runBin(['view', file, '-q', '--color'])).stdout).toContain('\u001b[');
    expect((await runBin(['view', file, '-q'], { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('exit 1 when nothing matches, 2 for a malformed file with its line and no stack trace', async () => {
    const none = await runBin(['view', file, '--service', 'nobody']);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    const bad = await dir.write('bad.jsonl', '{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}\n{oops\n');
    const run = await runBin(['view', bad]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`tracewire: ${bad}:1: "startTimeUnixNano" is missing\n`);
    const broken = await dir.write('broken.jsonl', `${readFileSync(file, 'utf8')}not json\n`);
    const second = await runBin(['view', broken]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^tracewire: ${broken}:6: not valid JSON \\([^\\n]+\\)\\n$`));
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });
});
