/**
 * The demo `npm start` runs, end to end, as a newcomer would see it: it must exit 0 by itself,
 * every request's log lines from all three services (three processes, pino and winston) must
 * share one trace id, and the span files must hold one connected trace per request across the
 * three services. Needs the built packages (`npm test` builds first). No fixed ports.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), 'tracewire-demo-'));
let run: Run;

/** Runs the demo to its end with `env` added (no collector unless the env names one). */
function runDemo(env: Record<string, string>, spanDir: string): Promise<Run> {
  return new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'index.js')], {
      env: { ...process.env, TRACEWIRE_DEMO_DIR: spanDir, NO_COLOR: '1', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_TRACES_EXPORTER: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  run = await runDemo({}, dir);
}, 70_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The trace id each request line (`→ GET ...: 200 in 12 ms, trace <id>`) reports. */
function requestTraceIds(): string[] {
  return [...run.stdout.matchAll(/^→ GET \S+: (\d{3}) in \d+ ms, trace ([0-9a-f]{32})/gm)].map((m) => m[2]!);
}

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
}

function spans(): SpanLine[] {
  return readFileSync(join(dir, 'spans.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SpanLine);
}

function serviceOf(span: SpanLine): string | undefined {
  return span.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
}

test('exits 0 on its own and reports the three requests with their statuses', () => {
  expect(run.stderr).not.toMatch(/Error|exited early/);
  expect(run.code).toBe(0);
  const statuses = [...run.stdout.matchAll(/^→ GET (\S+): (\d{3})/gm)].map((m) => [m[1], m[2]]);
  expect(statuses).toEqual([
    ['/checkout/1001', '200'],
    ['/checkout/1002?express=1', '200'],
    ['/checkout/1003?sku=discontinued', '502'],
  ]);
  expect(new Set(requestTraceIds()).size).toBe(3);
});

test("each request's log lines come from all three services and carry that request's trace id only", () => {
  const printed = run.stdout.split('\n').filter((l) => /^ {2}\[(gateway|inventory|shipping)\] +\{/.test(l));
  const lines = printed.map((l) => ({ service: /\[(\w+)\]/.exec(l)![1]!, json: JSON.parse(l.slice(l.indexOf('{'))) as Record<string, unknown> }));
  for (const traceId of requestTraceIds()) {
    const own = lines.filter((l) => l.json.trace_id === traceId);
    expect(new Set(own.map((l) => l.service))).toEqual(new Set(['gateway', 'inventory', 'shipping']));
    // the span ids on the lines are 16 lowercase hex, as written by pino and winston themselves
    for (const l of own) expect(l.json.span_id).toMatch(/^[0-9a-f]{16}$/);
  }
  // winston (inventory) writes `message`, pino (gateway, shipping) writes `msg`: real loggers' lines
  expect(lines.some((l) => l.service === 'inventory' && typeof l.json.message === 'string')).toBe(true);
  expect(lines.some((l) => l.service === 'gateway' && typeof l.json.msg === 'string')).toBe(true);
});

test('the span files hold one connected trace per request across the three services', () => {
  const all = spans();
  for (const traceId of requestTraceIds()) {
    const trace = all.filter((s) => s.traceId === traceId);
    expect(new Set(trace.map(serviceOf))).toEqual(new Set(['gateway', 'inventory', 'shipping']));
    const ids = new Set(trace.map((s) => s.spanId));
    const roots = trace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(roots).toHaveLength(1);
    expect(roots[0]!.name).toBe('GET /checkout/:orderId');
    expect(serviceOf(roots[0]!)).toBe('gateway');
  }
});

test('ends with the waterfall of each trace from tracewire view: critical path, bottleneck, and the error path of the failing one', () => {
  const ids = requestTraceIds();
  for (const id of ids) expect(run.stdout).toContain(`Trace ${id}`);
  expect(run.stdout.match(/^Critical path /gm)).toHaveLength(3);
  expect(run.stdout.match(/^Bottleneck /gm)).toHaveLength(3);
  // the slow request's bottleneck is the shipping service's call to the slow external rates API
  const slow = run.stdout.slice(run.stdout.indexOf(`Trace ${ids[1]}`), run.stdout.indexOf(`Trace ${ids[2]}`));
  expect(slow).toMatch(/^Bottleneck {2}GET \(shipping\)/m);
  const failing = run.stdout.slice(run.stdout.indexOf(`Trace ${ids[2]}`));
  expect(failing).toMatch(/^Error path {2}first failure GET \(inventory\)/m);
  // and the HTML report, self-contained, with every trace
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  for (const id of ids) expect(html).toContain(id);
  expect(html).not.toMatch(/(src|href)=["']https?:/);
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, the same spans also reach that collector (a local OTLP/JSON receiver)', async () => {
  const received: Array<{ service?: string; traceId: string }> = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const doc = JSON.parse(body) as { resourceSpans: Array<{ resource: SpanLine['resource']; scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> };
      for (const rs of doc.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push({ service, traceId: span.traceId });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const otherDir = mkdtempSync(join(tmpdir(), 'tracewire-demo-otlp-'));
  try {
    const port = (collector.address() as AddressInfo).port;
    const withCollector = await runDemo({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, otherDir);
    expect(withCollector.code).toBe(0);
    expect(withCollector.stdout).toContain(`Also exporting to the OTLP collector at http://127.0.0.1:${port}`);
    const inFile = readFileSync(join(otherDir, 'spans.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    expect(inFile).toBe(21); // 3 requests × 7 spans
    expect(received).toHaveLength(inFile);
    expect(new Set(received.map((r) => r.service))).toEqual(new Set(['gateway', 'inventory', 'shipping']));
  } finally {
    collector.close();
    rmSync(otherDir, { recursive: true, force: true });
  }
}, 70_000);
