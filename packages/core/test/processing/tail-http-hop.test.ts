/**
 * Head + tail sampling across an HTTP hop: service A (one tracer, its own tail sampler) calls
 * service B (another tracer and tail sampler) with http.request and inject(). The head decision
 * (the default parent-based sampler: sampled) is what B receives, whatever A's tail decides later;
 * the same probabilistic share on both sides keeps or drops a trace on both, so kept traces stay
 * linked; an error only B sees is kept by B alone — the limit of in-process tail sampling.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { active, currentIds, run, withSpan } from '../../src/context/store';
import { createHttpServerTracing } from '../../src/http/server-tracing';
import { inject } from '../../src/propagation/api';
import { SpanKind, SpanStatusCode, type CurrentIds } from '../../src/types';
import { send } from '../../../../test-support/http-client';
import { HOST, closeServer, listenOn } from '../../../../test-support/servers';
import { sleep } from '../../../../test-support/timing';
import { randomHex } from '../../../../test-support/trace-ids';
import { keptAtRatio } from '../sampling/sampling-support';
import { byTrace, tailHarness, type TailHarness } from './tail-support';

const REASON = 'tracewire.sampling.reason';

interface SeenByB {
  readonly traceparent: string | undefined;
  readonly ids: CurrentIds | undefined;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map(closeServer));
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = http.createServer(listener);
  servers.push(server);
  return listenOn(server);
}

/** B answers 500 on /fail, records an ERROR span of its own but answers 200 on /inner-error, else 200. */
async function serviceB(b: TailHarness, seen: Map<string, SeenByB>): Promise<number> {
  const tracing = createHttpServerTracing({ tracer: b.tracer, env: {} });
  return serve((req, res) => {
    const trace = tracing.start(req, res);
    run(trace.context, () => {
      seen.set(trace.traceId, { traceparent: req.headers.traceparent as string | undefined, ids: currentIds() });
      if (req.url === '/fail') res.statusCode = 500;
      if (req.url === '/inner-error') {
        const query = b.tracer.startSpan('db.query');
        query.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
        query.end();
      }
      res.end('b');
    });
  });
}

/** A calls B under a CLIENT span (ERROR on a 5xx answer) and answers 502 when B failed. */
async function serviceA(a: TailHarness, portB: number): Promise<number> {
  const tracing = createHttpServerTracing({ tracer: a.tracer, env: {} });
  return serve((req, res) => {
    const trace = tracing.start(req, res);
    run(trace.context, () => {
      const client = a.tracer.startSpan('GET', { kind: SpanKind.CLIENT });
      run(withSpan(active(), client), () => {
        const headers: Record<string, string> = {};
        inject(active(), headers);
        const call = http.request({ host: HOST, port: portB, path: req.url, headers, agent: false }, (reply) => {
          reply.resume();
          reply.on('end', () => {
            const failed = (reply.statusCode ?? 500) >= 500;
            if (failed) client.setStatus({ code: SpanStatusCode.ERROR });
            client.end();
            res.statusCode = failed ? 502 : 200;
            res.end('a');
          });
        });
        call.on('error', () => {
          client.end();
          res.statusCode = 504;
          res.end();
        });
        call.end();
      });
    });
  });
}

/** A trace id whose randomness (last 14 digits) starts with `digit`: ≥ 8 is inside a 50 % share. */
function traceIdWithRandomness(digit: string): string {
  return randomHex(9) + digit + randomHex(7).slice(1);
}

async function decidedBoth(a: TailHarness, b: TailHarness, count: number): Promise<void> {
  const decided = (h: TailHarness) => {
    const s = h.tail.stats().sampling;
    return s.dropped + s.kept.error + s.kept.slow + s.kept.attribute + s.kept.probabilistic;
  };
  for (let attempt = 0; attempt < 500 && (decided(a) < count || decided(b) < count); attempt++) await sleep(10);
  expect([decided(a), decided(b)]).toEqual([count, count]);
}

describe('head + tail sampling across an HTTP hop', () => {
  test('parent/child links stay intact for kept traces; B always gets the head decision', async () => {
    const rules = { ratio: 0.5 };
    const a = tailHarness({ rules });
    const b = tailHarness({ rules });
    const seenByB = new Map<string, SeenByB>();
    const portA = await serviceA(a, await serviceB(b, seenByB));

    const cases = [
      ...Array.from({ length: 3 }, () => ({ path: '/ok', traceId: traceIdWithRandomness('f'), expect: 'both' })),
      ...Array.from({ length: 3 }, () => ({ path: '/ok', traceId: traceIdWithRandomness('1'), expect: 'none' })),
      ...Array.from({ length: 3 }, () => ({ path: '/fail', traceId: traceIdWithRandomness('1'), expect: 'both' })),
      ...Array.from({ length: 3 }, () => ({ path: '/inner-error', traceId: traceIdWithRandomness('1'), expect: 'b-only' })),
    ];
    const callerSpanId = randomHex(8);
    for (const c of cases) {
      const reply = await send(portA, c.path, { headers: { traceparent: `00-${c.traceId}-${callerSpanId}-01` } });
      expect(reply.status).toBe(c.path === '/fail' ? 502 : 200);
    }
    await decidedBoth(a, b, cases.length);
    const fromA = byTrace(await a.exported());
    const fromB = byTrace(await b.exported());

    for (const c of cases) {
      expect(keptAtRatio(c.traceId, 1, 2)).toBe(c.expect === 'both' && c.path === '/ok');
      // B got the head decision (sampled) and its logs have ids, whatever either tail decided
      const seen = seenByB.get(c.traceId)!;
      expect(seen.traceparent).toMatch(new RegExp(`^00-${c.traceId}-[0-9a-f]{16}-01$`));
      expect(seen.ids).toMatchObject({ traceId: c.traceId, sampled: true });
      const clientSpanId = seen.traceparent!.split('-')[2];

      const spansA = fromA.get(c.traceId) ?? [];
      const spansB = fromB.get(c.traceId) ?? [];
      if (c.expect === 'none') {
        expect([spansA, spansB]).toEqual([[], []]);
        continue;
      }
      const serverB = spansB.find((span) => span.kind === SpanKind.SERVER)!;
      expect(serverB.parentSpanId).toBe(clientSpanId);
      expect(serverB.spanContext().spanId).toBe(seen.ids!.spanId);
      if (c.expect === 'b-only') {
        // B kept its error; A saw none and dropped its part: B's parent was never exported
        expect(spansA).toEqual([]);
        expect(spansB.map((span) => span.name).sort()).toEqual(['GET', 'db.query']);
        expect(serverB.attributes[REASON]).toBe('error');
        continue;
      }
      const serverA = spansA.find((span) => span.kind === SpanKind.SERVER)!;
      const clientA = spansA.find((span) => span.kind === SpanKind.CLIENT)!;
      expect(spansA).toHaveLength(2);
      expect(serverA.parentSpanId).toBe(callerSpanId);
      expect(clientA.parentSpanId).toBe(serverA.spanContext().spanId);
      expect(clientA.spanContext().spanId).toBe(clientSpanId);
      const reason = c.path === '/fail' ? 'error' : 'probabilistic';
      expect([serverA.attributes[REASON], serverB.attributes[REASON], clientA.attributes[REASON]]).toEqual([reason, reason, undefined]);
    }
  });
});
