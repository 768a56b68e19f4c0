import { TracewireError } from '../../src/errors';
import { generateSpanId, generateTraceId } from '../../src/ids';
import { alwaysOff } from '../../src/sampling/always-off';
import { alwaysOn } from '../../src/sampling/always-on';
import { parentBased } from '../../src/sampling/parent-based';
import { rejectionThreshold, traceIdRatio } from '../../src/sampling/trace-id-ratio';
import {
  SamplingDecision,
  SpanKind,
  type Sampler,
  type SamplingParameters,
  type SamplingResult,
  type SpanContext,
  type TraceStateLike,
} from '../../src/types';

function params(traceId: string, parent?: Partial<SpanContext>): SamplingParameters {
  const parentContext = parent === undefined ? undefined : { traceId, spanId: generateSpanId(), traceFlags: 0, ...parent };
  return { parent: parentContext, traceId, name: 'op', kind: SpanKind.INTERNAL, attributes: {}, links: [], context: undefined };
}

/** A trace id whose right-most 14 hex digits (the randomness R) are `randomness`. */
function traceIdEndingIn(randomness: string): string {
  return generateTraceId().slice(0, 18) + randomness;
}

function isSampled(sampler: Sampler, traceId: string, parent?: Partial<SpanContext>): boolean {
  return sampler.shouldSample(params(traceId, parent)).decision === SamplingDecision.RECORD_AND_SAMPLE;
}

function expectInvalidOption(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TracewireError);
  expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
}

const state: TraceStateLike = { get: () => undefined, set: () => state, unset: () => state, serialize: () => 'v=1', size: 1 };

describe('AlwaysOn / AlwaysOff (SPEC 9.1)', () => {
  test('decisions and description strings', () => {
    expect(alwaysOn().shouldSample(params(generateTraceId())).decision).toBe(SamplingDecision.RECORD_AND_SAMPLE);
    expect(alwaysOff().shouldSample(params(generateTraceId())).decision).toBe(SamplingDecision.DROP);
    expect(String(alwaysOn())).toBe('AlwaysOnSampler');
    expect(String(alwaysOff())).toBe('AlwaysOffSampler');
  });

  test("the parent's tracestate is returned unchanged", () => {
    for (const sampler of [alwaysOn(), alwaysOff(), traceIdRatio(0.5), parentBased({ root: alwaysOn() })]) {
      expect(sampler.shouldSample(params(generateTraceId(), { traceState: state, traceFlags: 1 })).traceState).toBe(state);
      expect(sampler.shouldSample(params(generateTraceId())).traceState).toBeUndefined();
    }
  });
});

describe('traceIdRatio (SPEC 9.1, 9.4)', () => {
  test('invalid ratios in code throw TW_ERR_INVALID_OPTION', () => {
    for (const bad of [-0.1, 1.01, NaN, Infinity, '0.5', undefined]) expectInvalidOption(() => traceIdRatio(bad as number));
  });

  test('description: TraceIdRatioBased{RATIO} with RATIO as a decimal number', () => {
    expect(String(traceIdRatio(0.25))).toBe('TraceIdRatioBased{0.25}');
    expect(String(traceIdRatio(1))).toBe('TraceIdRatioBased{1}');
    expect(String(traceIdRatio(0))).toBe('TraceIdRatioBased{0}');
    expect(String(traceIdRatio(1e-7))).toBe('TraceIdRatioBased{0.0000001}');
    expect(String(traceIdRatio(1.5e-10))).toBe('TraceIdRatioBased{0.00000000015}');
  });

  test('thresholds from the spec: p = 1 → 0, p = 0.5 → 2^55, p = 0.25 → th:c, p = 0.01 → th:fd70a4 (rounded)', () => {
    expect(rejectionThreshold(1)).toBe('00000000000000');
    expect(rejectionThreshold(0.5)).toBe('80000000000000');
    expect(rejectionThreshold(0.25)).toBe('c0000000000000');
    const onePercent = rejectionThreshold(0.01)!;
    expect(onePercent).toMatch(/^[0-9a-f]{14}$/);
    expect(Math.round(parseInt(onePercent.slice(0, 7), 16) / 16).toString(16)).toBe('fd70a4');
    expect(rejectionThreshold(0)).toBeUndefined();
  });

  test('boundaries: sample iff R ≥ T', () => {
    expect(isSampled(traceIdRatio(1), traceIdEndingIn('00000000000000'))).toBe(true);
    const half = traceIdRatio(0.5);
    expect(isSampled(half, traceIdEndingIn('7fffffffffffff'))).toBe(false);
    expect(isSampled(half, traceIdEndingIn('80000000000000'))).toBe(true);
    const quarter = traceIdRatio(0.25);
    expect(isSampled(quarter, traceIdEndingIn('bfffffffffffff'))).toBe(false);
    expect(isSampled(quarter, traceIdEndingIn('c0000000000000'))).toBe(true);
    expect(isSampled(traceIdRatio(0), traceIdEndingIn('ffffffffffffff'))).toBe(false);
  });

  test("only the last 14 digits matter, and the parent's sampled flag is ignored", () => {
    const half = traceIdRatio(0.5);
    expect(isSampled(half, 'ffffffffffffffffff' + '00000000000001', { traceFlags: 1, isRemote: true })).toBe(false);
    expect(isSampled(half, '000000000000000001' + 'f0000000000000', { traceFlags: 0, isRemote: true })).toBe(true);
  });

  test('deterministic per trace id, across instances', () => {
    const ids = Array.from({ length: 500 }, () => generateTraceId());
    const first = ids.map((id) => isSampled(traceIdRatio(0.3), id));
    const second = ids.map((id) => isSampled(traceIdRatio(0.3), id));
    expect(second).toEqual(first);
  });

  test('a higher ratio samples a superset of a lower one', () => {
    const low = traceIdRatio(0.1);
    const high = traceIdRatio(0.5);
    const ids = Array.from({ length: 5000 }, () => generateTraceId());
    const sampledLow = ids.filter((id) => isSampled(low, id));
    expect(sampledLow.length).toBeGreaterThan(0);
    expect(sampledLow.every((id) => isSampled(high, id))).toBe(true);
  });

  test('observed rate over 20,000 random ids is close to the ratio', () => {
    for (const ratio of [0.1, 0.25, 0.9]) {
      const sampler = traceIdRatio(ratio);
      let sampled = 0;
      for (let i = 0; i < 20_000; i++) if (isSampled(sampler, generateTraceId())) sampled++;
      // ±0.02 is more than 6 standard deviations at n = 20,000 for every ratio here
      expect(Math.abs(sampled / 20_000 - ratio)).toBeLessThan(0.02);
    }
  });
});

describe('parentBased (SPEC 9.2)', () => {
  /** A delegate that says which row it served. */
  function named(label: string): Sampler & { served: number } {
    const result: SamplingResult = { decision: SamplingDecision.RECORD_ONLY, attributes: { row: label } };
    return { served: 0, shouldSample() { this.served++; return result; }, toString: () => label };
  }

  test('the table, row by row, with explicit delegates', () => {
    const sampler = parentBased({
      root: named('root'),
      remoteParentSampled: named('remoteSampled'),
      remoteParentNotSampled: named('remoteNotSampled'),
      localParentSampled: named('localSampled'),
      localParentNotSampled: named('localNotSampled'),
    });
    const rowOf = (parent?: Partial<SpanContext>) => sampler.shouldSample(params(generateTraceId(), parent)).attributes?.row;
    expect(rowOf(undefined)).toBe('root');
    expect(rowOf({ isRemote: true, traceFlags: 0x01 })).toBe('remoteSampled');
    expect(rowOf({ isRemote: true, traceFlags: 0x03 })).toBe('remoteSampled');
    expect(rowOf({ isRemote: true, traceFlags: 0x02 })).toBe('remoteNotSampled');
    expect(rowOf({ isRemote: false, traceFlags: 0x01 })).toBe('localSampled');
    expect(rowOf({ traceFlags: 0x01 })).toBe('localSampled');
    expect(rowOf({ isRemote: false, traceFlags: 0x00 })).toBe('localNotSampled');
  });

  test('defaults: follow the parent (AlwaysOn if sampled, AlwaysOff if not); roots ask root', () => {
    const followOff = parentBased({ root: alwaysOff() });
    expect(isSampled(followOff, generateTraceId())).toBe(false);
    expect(isSampled(followOff, generateTraceId(), { isRemote: true, traceFlags: 1 })).toBe(true);
    expect(isSampled(followOff, generateTraceId(), { isRemote: false, traceFlags: 1 })).toBe(true);
    const followOn = parentBased({ root: alwaysOn() });
    expect(isSampled(followOn, generateTraceId())).toBe(true);
    expect(isSampled(followOn, generateTraceId(), { isRemote: true, traceFlags: 0 })).toBe(false);
    expect(isSampled(followOn, generateTraceId(), { isRemote: false, traceFlags: 0 })).toBe(false);
  });

  test('description lists every delegate', () => {
    expect(String(parentBased({ root: alwaysOn() }))).toBe(
      'ParentBased{root=AlwaysOnSampler,remoteParentSampled=AlwaysOnSampler,remoteParentNotSampled=AlwaysOffSampler,'
      + 'localParentSampled=AlwaysOnSampler,localParentNotSampled=AlwaysOffSampler}',
    );
    expect(String(parentBased({ root: traceIdRatio(0.25), localParentNotSampled: alwaysOn() }))).toBe(
      'ParentBased{root=TraceIdRatioBased{0.25},remoteParentSampled=AlwaysOnSampler,remoteParentNotSampled=AlwaysOffSampler,'
      + 'localParentSampled=AlwaysOnSampler,localParentNotSampled=AlwaysOnSampler}',
    );
  });

  test('a missing root or a delegate that is not a sampler throws at setup', () => {
    expectInvalidOption(() => parentBased({} as never));
    expectInvalidOption(() => parentBased(undefined as never));
    expectInvalidOption(() => parentBased({ root: 'always_on' as never }));
    expectInvalidOption(() => parentBased({ root: alwaysOn(), localParentSampled: null as never }));
  });
});
