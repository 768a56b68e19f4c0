import { run, suppressTracing, withSpan } from '../../src/context/store';
import { captureRequestHeaders } from '../helpers/capture-request';
import { setDiagLogger } from '../../src/diag';
import { ROOT_CONTEXT } from '../../src/context/store';
import { extract, inject, propagatorFromEnv, setPropagator } from '../../src/propagation/api';
import { createPropagator } from '../../src/propagation/by-name';
import { CompositePropagator } from '../../src/propagation/composite';
import { TraceState } from '../../src/trace-context/tracestate';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { TextMapPropagator, TraceContext } from '../../src/types';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TP = `00-${TRACE_ID}-${PARENT_ID}-01`;

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setDiagLogger({ warn: (m) => warnings.push(m), error: (m, e) => warnings.push(`${m}: ${String(e)}`) });
  setPropagator(undefined);
});
afterAll(() => {
  setDiagLogger(null);
  setPropagator(undefined);
});

function localSpanContext(flags: number, traceState?: string): TraceContext {
  // a local child of PARENT_ID: same trace, its own span id
  const state = traceState === undefined ? undefined : TraceState.parse(traceState);
  return withSpan(undefined, new NonRecordingSpan({ traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: flags, traceState: state, isRemote: false }));
}

describe('extract', () => {
  test('a valid traceparent yields a remote parent with its tracestate', () => {
    const ctx = extract({ traceparent: TP, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' })!;
    const sc = ctx.span!.spanContext();
    expect(sc).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: 1, isRemote: true });
    expect(sc.traceState!.get('congo')).toBe('t61rcWkgMzE');
    expect(ctx.span!.isRecording()).toBe(false);
  });

  test('an invalid traceparent leaves the context unchanged and tracestate unread', () => {
    const base: TraceContext = { values: new Map() };
    expect(extract({ traceparent: `00-${'0'.repeat(32)}-${PARENT_ID}-01`, tracestate: 'a=1' }, undefined, base)).toBe(base);
    expect(extract({ tracestate: 'a=1' })).toBe(ROOT_CONTEXT);
    expect(extract({})).toBe(ROOT_CONTEXT);
    expect(extract(undefined)).toBe(ROOT_CONTEXT);
    expect(ROOT_CONTEXT.span).toBeUndefined();
  });

  test('an invalid tracestate is dropped without affecting traceparent', () => {
    const sc = extract({ traceparent: TP, tracestate: 'FOO=1' })!.span!.spanContext();
    expect(sc.traceId).toBe(TRACE_ID);
    expect(sc.traceState).toBeUndefined();
  });

  test('baggage is extracted independently of traceparent', () => {
    const ctx = extract({ traceparent: 'garbage', baggage: 'userId=alice,isProduction=false' })!;
    expect(ctx.span).toBeUndefined();
    expect(ctx.baggage!.get('userId')!.value).toBe('alice');
  });

  test('a getter that throws is contained', () => {
    const ctx = extract({ traceparent: TP }, { get() { throw new Error('bad getter'); }, keys: () => [] });
    expect(ctx).toBe(ROOT_CONTEXT);
    expect(warnings.some((w) => w.includes('bad getter'))).toBe(true);
  });
});

describe('inject', () => {
  test('writes the current span as parent-id, keeping sampled and random flags and tracestate', () => {
    const carrier: Record<string, string> = {};
    inject(localSpanContext(3, 'rojo=00f067aa0ba902b7'), carrier);
    expect(carrier.traceparent).toBe(`00-${TRACE_ID}-b7ad6b7169203331-03`);
    expect(carrier.tracestate).toBe('rojo=00f067aa0ba902b7');
  });

  test('uses the active context by default', () => {
    const carrier: Record<string, string> = {};
    run(localSpanContext(1), () => inject(undefined, carrier));
    expect(carrier.traceparent).toBe(`00-${TRACE_ID}-b7ad6b7169203331-01`);
    expect(carrier.tracestate).toBeUndefined(); // empty tracestate is not sent
  });

  test('writes nothing outside a trace or while tracing is suppressed', () => {
    const outside: Record<string, string> = {};
    inject(undefined, outside);
    expect(outside).toEqual({});
    const suppressed: Record<string, string> = {};
    inject(suppressTracing(localSpanContext(1)), suppressed);
    expect(suppressed).toEqual({});
  });

  test('baggage is re-serialised onward', () => {
    const ctx = extract({ traceparent: TP, baggage: 'k1=v1;p=1, k2=hello%20world' })!;
    const carrier: Record<string, string> = {};
    inject(ctx, carrier);
    expect(carrier.baggage).toBe('k1=v1;p=1,k2=hello%20world');
  });

  test('context travels over a real HTTP hop and continues on the other side', async () => {
    const headers: Record<string, string> = {};
    inject(localSpanContext(1, 'vendor=x'), headers);
    const received = await captureRequestHeaders(() => ({ headers }));
    const sc = extract(received)!.span!.spanContext();
    expect(sc).toMatchObject({ traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
    expect(sc.traceState!.serialize()).toBe('vendor=x');
  });
});

describe('OTEL_PROPAGATORS', () => {
  function fieldsFor(value: string | undefined): readonly string[] {
    return propagatorFromEnv({ OTEL_PROPAGATORS: value }).fields();
  }

  test('default is tracecontext,baggage', () => {
    expect(fieldsFor(undefined)).toEqual(['traceparent', 'tracestate', 'baggage']);
    expect(fieldsFor('')).toEqual(['traceparent', 'tracestate', 'baggage']);
  });

  test('case-insensitive, de-duplicated, order kept', () => {
    expect(fieldsFor('Baggage, TRACECONTEXT, baggage')).toEqual(['baggage', 'traceparent', 'tracestate']);
  });

  test('none disables propagation', () => {
    setPropagator(propagatorFromEnv({ OTEL_PROPAGATORS: 'none' }));
    const carrier: Record<string, string> = {};
    inject(localSpanContext(1), carrier);
    expect(carrier).toEqual({});
    expect(extract({ traceparent: TP }).span).toBeUndefined();
  });

  test('unknown names are warned about once and skipped', () => {
    expect(fieldsFor('xray,baggage')).toEqual(['baggage']);
    expect(fieldsFor('xray,baggage')).toEqual(['baggage']);
    expect(warnings.filter((w) => w.includes('OTEL_PROPAGATORS'))).toHaveLength(1);
    expect(warnings[0]).toContain('xray');
  });

  test('an unknown name in code throws with an error code', () => {
    expect(() => createPropagator(['nope'])).toThrow(expect.objectContaining({ code: 'TW_ERR_UNKNOWN_PROPAGATOR' }));
  });
});

describe('CompositePropagator', () => {
  test('a throwing propagator is reported and the others still run', () => {
    const broken: TextMapPropagator = {
      extract() { throw new Error('broken extract'); },
      inject() { throw new Error('broken inject'); },
      fields: () => ['x-broken'],
    };
    const composite = new CompositePropagator([broken, ...[createPropagator(['tracecontext'])]]);
    const ctx = composite.extract(undefined, { traceparent: TP }, { get: (c, k) => (c as Record<string, string>)[k], keys: () => [] });
    expect(ctx!.span!.spanContext().spanId).toBe(PARENT_ID);
    const carrier: Record<string, string> = {};
    composite.inject(ctx, carrier, { set: (c, k, v) => { (c as Record<string, string>)[k] = v; } });
    expect(carrier.traceparent).toBe(TP);
    expect(composite.fields()).toEqual(['x-broken', 'traceparent', 'tracestate']);
    expect(warnings.filter((w) => w.includes('broken'))).toHaveLength(2);
  });
});
