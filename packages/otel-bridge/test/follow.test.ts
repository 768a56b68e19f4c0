/**
 * followOpenTelemetry(): an app that already runs the OpenTelemetry SDK (NodeTracerProvider + the
 * http instrumentation, set up as its docs say) and tracewire's Express adapter gets ONE SERVER
 * span per request (the SDK's), log lines with the ids of the span the SDK has active, and one
 * `traceparent` downstream. The control run without it shows the duplicate the mode prevents. The
 * SDK's http instrumentation hooks `require`, which jest's module loader bypasses, so the app runs
 * as a plain node process (tests/fixtures/sdk-app.js) against the built packages.
 */
import { join } from 'node:path';
import { assertBuilt, spawnNode } from '../../../test-support/node-child';

interface SpanRow {
  pipeline: 'otel' | 'tracewire';
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  target?: string;
}

interface Output {
  spans: SpanRow[];
  logs: Array<{ trace_id?: string; span_id?: string; n: string; in?: string }>;
  received: Array<{ traceparent: string; count: number }>;
  replies: Array<{ traceresponse: string; body: { spanId: string } }>;
}

const SERVER = 2;
const CLIENT = 3;

function run(mode: 'follow' | 'control'): Promise<Output> {
  const script = `process.argv[2] = ${JSON.stringify(mode)}; require(${JSON.stringify(join(__dirname, 'fixtures', 'sdk-app.js'))});`;
  const child = spawnNode(script, { cwd: __dirname });
  return child.exited.then((exit) => {
    if (exit.code !== 0) throw new Error(`sdk-app (${mode}) exited ${exit.code}: ${child.stderr()}`);
    return JSON.parse(child.stdout().trim().split('\n').at(-1)!) as Output;
  });
}

beforeAll(() => assertBuilt('core', 'express', 'pino', 'fetch', 'otel-bridge'));

describe('with followOpenTelemetry()', () => {
  let out: Output;
  beforeAll(async () => {
    out = await run('follow');
  }, 30_000);

  test('one SERVER span per request — the SDK’s — and none from tracewire', () => {
    for (let n = 0; n < 3; n++) {
      const servers = out.spans.filter((s) => s.kind === SERVER && s.target === `/work/${n}`);
      expect(servers.map((s) => s.pipeline)).toEqual(['otel']);
    }
    expect(out.spans.filter((s) => s.pipeline === 'tracewire')).toEqual([]);
  });

  test("log lines, req.tracewire and traceresponse carry the SDK's active span", () => {
    for (let n = 0; n < 3; n++) {
      const server = out.spans.find((s) => s.kind === SERVER && s.target === `/work/${n}`)!;
      const line = out.logs.find((l) => l.n === String(n) && l.in === undefined)!;
      expect([line.trace_id, line.span_id]).toEqual([server.traceId, server.spanId]);
      expect(out.replies[n]!.body.spanId).toBe(server.spanId);
      expect(out.replies[n]!.traceresponse).toBe(`00-${server.traceId}-${server.spanId}-01`);
    }
  });

  test('a line logged inside a span the SDK opened carries that span, not the SERVER span', () => {
    for (let n = 0; n < 3; n++) {
      const line = out.logs.find((l) => l.n === String(n) && l.in === 'db.query')!;
      const db = out.spans.find((s) => s.name === 'db.query' && s.spanId === line.span_id)!;
      const server = out.spans.find((s) => s.kind === SERVER && s.target === `/work/${n}`)!;
      expect(db.pipeline).toBe('otel');
      expect(db.parentSpanId).toBe(server.spanId);
    }
  });

  test("downstream gets one traceparent, whose parent is the SDK's CLIENT span under the SERVER span", () => {
    for (let n = 0; n < 3; n++) {
      const server = out.spans.find((s) => s.kind === SERVER && s.target === `/work/${n}`)!;
      const client = out.spans.find((s) => s.kind === CLIENT && s.parentSpanId === server.spanId)!;
      expect(client.pipeline).toBe('otel');
      expect(out.received[n]).toEqual({ traceparent: `00-${server.traceId}-${client.spanId}-01`, count: 1 });
    }
  });
});

describe('control: the same app without followOpenTelemetry()', () => {
  test('records a second SERVER span per request in tracewire’s own pipeline (what follow mode prevents)', async () => {
    const out = await run('control');
    for (let n = 0; n < 3; n++) {
      const servers = out.spans.filter((s) => s.kind === SERVER && s.target === `/work/${n}`);
      expect(servers.map((s) => s.pipeline).sort()).toEqual(['otel', 'tracewire']);
    }
  }, 30_000);
});
