/**
 * setExternalContextSource: while another tracer owns the spans, `active()`/`currentIds()` answer
 * with its span, a server request continues that span instead of opening its own, and removing
 * the source restores tracewire's own context exactly.
 */
import http from 'node:http';
import {
  NonRecordingSpan,
  ROOT_CONTEXT,
  active,
  createHttpServerTracing,
  currentIds,
  externalContext,
  hasExternalContextSource,
  run,
  setExternalContextSource,
  withSpan,
  type TraceContext,
} from '@tracewire/core';
import { recording } from '../../../../test-support/recording';
import { listen } from '../../../../test-support/servers';
import { send } from '../../../../test-support/http-client';

const FOREIGN = new NonRecordingSpan({ traceId: '5'.repeat(32), spanId: '6'.repeat(16), traceFlags: 1, isRemote: false });
const foreignContext = withSpan(ROOT_CONTEXT, FOREIGN);
/** the other tracer "has a span active" only while this flag is set */
let otherActive = false;

afterEach(() => {
  setExternalContextSource(undefined);
  otherActive = false;
});

function source(own: TraceContext | undefined): TraceContext | undefined {
  return otherActive ? foreignContext : own;
}

test('without a source nothing changes; with one, active() and currentIds() follow it', () => {
  const own = withSpan(ROOT_CONTEXT, new NonRecordingSpan({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }));
  expect(hasExternalContextSource()).toBe(false);
  expect(externalContext()).toBeUndefined();
  run(own, () => expect(active()).toBe(own));
  setExternalContextSource(source);
  expect(hasExternalContextSource()).toBe(true);
  run(own, () => {
    expect(active()).toBe(own); // the other tracer has nothing active: tracewire's own context
    otherActive = true;
    expect(active()).toBe(foreignContext);
    expect(currentIds()?.spanId).toBe('6'.repeat(16));
    expect(externalContext()).toBe(foreignContext);
  });
  setExternalContextSource(undefined);
  run(own, () => expect(active()).toBe(own));
});

test("a server request continues the other tracer's span: no span of its own, its ids in the response", async () => {
  const rec = recording();
  const tracing = createHttpServerTracing({ tracer: rec.tracer });
  setExternalContextSource(source);
  const server = await listen((req: http.IncomingMessage, res: http.ServerResponse) => {
    otherActive = req.url === '/adopted';
    const trace = tracing.start(req, res);
    otherActive = false;
    res.end(JSON.stringify({ spanId: trace.spanId, recording: trace.span.isRecording() }));
  });
  try {
    const adopted = await send(server.port, '/adopted');
    expect(adopted.json()).toEqual({ spanId: '6'.repeat(16), recording: false });
    expect(adopted.headers.traceresponse).toBe(`00-${'5'.repeat(32)}-${'6'.repeat(16)}-01`);
    const own = await send(server.port, '/own');
    expect(own.json<{ recording: boolean }>().recording).toBe(true);
    const spans = await rec.spans(1);
    await rec.settle();
    expect(rec.finished().map((s) => s.attributes['url.path'])).toEqual(['/own']);
    expect(spans[0]!.spanContext().spanId).not.toBe('6'.repeat(16));
  } finally {
    await server.close();
    await rec.tracer.shutdown();
  }
});
