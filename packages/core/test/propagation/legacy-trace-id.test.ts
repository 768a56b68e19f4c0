import { ROOT_CONTEXT, withSpan } from '../../src/context/store';
import { createPropagator } from '../../src/propagation/by-name';
import { LegacyTraceIdPropagator } from '../../src/propagation/legacy-trace-id';
import { alwaysOff } from '../../src/sampling/always-off';
import { parentBased } from '../../src/sampling/parent-based';
import { traceIdRatio } from '../../src/sampling/trace-id-ratio';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { TraceContext } from '../../src/types';
import { S, T16, T16_PADDED, T32, extractWith, injectWith, startedSpans } from './formats';

const legacy = new LegacyTraceIdPropagator();
const UUID = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
const UUID_HEX = '3f2504e04f8911d39a0c0305e82c3301';

/** The trace id a new SERVER span started in what `headers` extract to gets, or undefined when it is a fresh random one. */
function traceIdFrom(headers: Record<string, string | string[]>): string | undefined {
  const { readable } = startedSpans().start(extractWith(legacy, headers));
  const { traceId, traceFlags } = readable.spanContext();
  // a fresh trace carries the random flag (tracewire's own CSPRNG id); a borrowed id never does
  return (traceFlags & 2) === 2 ? undefined : traceId;
}

describe('legacy id headers (xtraceid): extract', () => {
  test.each([
    ['x-trace-id, 32 lowercase hex', { 'x-trace-id': T32 }, T32],
    ['x-trace-id, 32 uppercase hex (lowercased)', { 'x-trace-id': T32.toUpperCase() }, T32],
    ['x-trace-id, 16 hex (left-padded)', { 'x-trace-id': T16 }, T16_PADDED],
    ['x-trace-id, 16 uppercase hex', { 'x-trace-id': T16.toUpperCase() }, T16_PADDED],
    ['x-request-id, a UUID (its 32 hex digits)', { 'x-request-id': UUID.toLowerCase() }, UUID_HEX],
    ['x-request-id, an uppercase UUID (lowercased)', { 'x-request-id': UUID }, UUID_HEX],
    ['x-trace-id wins over x-request-id', { 'x-trace-id': T32, 'x-request-id': UUID }, T32],
    ['an invalid x-trace-id falls back to x-request-id', { 'x-trace-id': 'abc', 'x-request-id': UUID }, UUID_HEX],
    ['repeated: the first value wins', { 'x-trace-id': `${T16}, ${T32}` }, T16_PADDED],
    ['names in any case', { 'X-Trace-ID': T32 }, T32],
  ])('%s', (_name, headers, expected) => {
    expect(traceIdFrom(headers)).toBe(expected);
  });

  test.each([
    ['nothing', {}],
    ['x-trace-id of 31', { 'x-trace-id': T32.slice(1) }],
    ['x-trace-id of 20', { 'x-trace-id': T32.slice(0, 20) }],
    ['x-trace-id of 33', { 'x-trace-id': `${T32}a` }],
    ['x-trace-id not hex', { 'x-trace-id': `${T32.slice(0, 31)}g` }],
    ['x-trace-id all zeros', { 'x-trace-id': '0'.repeat(32) }],
    ['x-trace-id, 16 zeros', { 'x-trace-id': '0'.repeat(16) }],
    ['x-trace-id empty', { 'x-trace-id': '' }],
    ['x-request-id not a UUID', { 'x-request-id': 'req-42' }],
    ['x-request-id, 32 hex without dashes', { 'x-request-id': UUID_HEX }],
    ['x-request-id, a UUID in braces', { 'x-request-id': `{${UUID}}` }],
    ['x-request-id, the nil UUID', { 'x-request-id': '00000000-0000-0000-0000-000000000000' }],
    ['x-request-id, dashes misplaced', { 'x-request-id': '3F2504E04-F89-11D3-9A0C-0305E82C3301' }],
  ])('nothing usable: %s ⇒ context unchanged', (_name, headers) => {
    const base: TraceContext = { requestId: 'kept' };
    expect(extractWith(legacy, headers, base)).toBe(base);
  });

  test('a new local root: the id is used, no parent is invented, no random flag, the root sampler decides', () => {
    const yes = startedSpans();
    const { readable } = yes.start(extractWith(legacy, { 'x-trace-id': T32 }));
    expect(readable.spanContext()).toMatchObject({ traceId: T32, traceFlags: 1, isRemote: false });
    expect(readable.parentSpanId).toBeUndefined();
    expect(readable.parentIsRemote).toBeUndefined();
    expect(readable.localRootSpanId).toBe(readable.spanContext().spanId);
    expect(yes.asked[0]).toMatchObject({ parent: undefined, traceId: T32 });

    const no = startedSpans(parentBased({ root: alwaysOff() })).start(extractWith(legacy, { 'x-trace-id': T32 })).span;
    expect(no.spanContext()).toMatchObject({ traceId: T32, traceFlags: 0 });
    // traceIdRatio decides on the borrowed id (§9.4: sampled iff the last 14 hex digits ≥ 8 followed by zeros)
    const ratio = startedSpans(parentBased({ root: traceIdRatio(0.5) }));
    expect(ratio.start(extractWith(legacy, { 'x-trace-id': `${'a'.repeat(18)}${'8'.repeat(14)}` })).span.isRecording()).toBe(true);
    expect(ratio.start(extractWith(legacy, { 'x-trace-id': `${'a'.repeat(18)}${'7'.repeat(14)}` })).span.isRecording()).toBe(false);
  });

  test('spans under the root continue it as usual; root: true starts a fresh trace instead', () => {
    const { start } = startedSpans();
    const context = extractWith(legacy, { 'x-trace-id': T32 });
    const server = start(context).readable;
    const child = start(withSpan(context, start(context).span)).readable;
    expect(child.spanContext().traceId).toBe(T32);
    expect(child.parentIsRemote).toBe(false);
    expect(server.spanContext().traceId).toBe(T32);
    const fresh = start(context, { root: true }).span.spanContext();
    expect(fresh.traceId).not.toBe(T32);
    expect(fresh.traceFlags & 2).toBe(2);
  });

  test('a parent found by another format wins, whichever runs first', () => {
    const headers = { traceparent: `00-${T32}-${S}-01`, 'x-trace-id': T16 };
    for (const names of [['xtraceid', 'tracecontext'], ['tracecontext', 'xtraceid']]) {
      const { readable } = startedSpans().start(extractWith(createPropagator(names), headers));
      expect(readable.spanContext().traceId).toBe(T32);
      expect(readable.parentSpanId).toBe(S);
    }
    // and the reader adds nothing to a context that already has a parent
    const parented = withSpan(ROOT_CONTEXT, new NonRecordingSpan({ traceId: T32, spanId: S, traceFlags: 1, isRemote: true }));
    expect(extractWith(legacy, { 'x-trace-id': T16 }, parented)).toBe(parented);
  });

  test('inject writes nothing and fields() is empty: these headers belong to the application', () => {
    const context = extractWith(legacy, { 'x-trace-id': T32 });
    const { span } = startedSpans().start(context);
    expect(injectWith(legacy, withSpan(context, span))).toEqual({});
    expect(legacy.fields()).toEqual([]);
  });
});
