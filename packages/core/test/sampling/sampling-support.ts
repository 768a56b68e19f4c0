/**
 * Shared by the sampler tests: sampling parameters, a settable clock, and the R ≥ T rule of
 * SPEC-NOTES §9.4 computed on its own (exact BigInt arithmetic on a ratio given as a fraction), so
 * expectations do not come from the code under test.
 */
import { generateSpanId } from '../../src/ids';
import { SamplingDecision, SpanKind, type Sampler, type SamplingParameters, type SpanContext } from '../../src/types';

export function params(traceId: string, parent?: Partial<SpanContext>): SamplingParameters {
  const parentContext = parent === undefined ? undefined : { traceId, spanId: generateSpanId(), traceFlags: 0, ...parent };
  return { parent: parentContext, traceId, name: 'op', kind: SpanKind.INTERNAL, attributes: {}, links: [], context: undefined };
}

export function isSampled(sampler: Sampler, traceId: string, parent?: Partial<SpanContext>): boolean {
  return sampler.shouldSample(params(traceId, parent)).decision === SamplingDecision.RECORD_AND_SAMPLE;
}

/** Whether probability numerator/denominator keeps `traceId`: R / 2^56 ≥ 1 − p, i.e. R·d ≥ (d − n)·2^56. */
export function keptAtRatio(traceId: string, numerator: number, denominator: number): boolean {
  const randomness = BigInt(`0x${traceId.slice(-14)}`);
  return randomness * BigInt(denominator) >= BigInt(denominator - numerator) * (1n << 56n);
}

/** A clock the test moves by hand, in milliseconds. */
export function manualClock(start = 1000): { (): number; advance(ms: number): void; set(ms: number): void } {
  let time = start;
  const clock = () => time;
  clock.advance = (ms: number) => {
    time += ms;
  };
  clock.set = (ms: number) => {
    time = ms;
  };
  return clock;
}

/** The call throws the setup error for a bad code option (SPEC-NOTES 0.7). */
export function expectInvalidOption(fn: () => unknown): void {
  expect(fn).toThrow(expect.objectContaining({ name: 'TracewireError', code: 'TW_ERR_INVALID_OPTION' }));
}
