import { setTimeout as sleep } from 'node:timers/promises';
import { resetWarning } from '../../src/diag';
import { captureDiagnostics, type CapturedDiagnostics } from '../helpers/capture-diagnostics';
import { generateSpanId, generateTraceId } from '../../src/ids';
import { now } from '../../src/trace/clock';
import { RecordingSpan } from '../../src/trace/recording-span';
import { resolveSpanLimits } from '../../src/trace/span-limits';
import {
  SpanKind,
  SpanStatusCode,
  type FlushResult,
  type ReadableSpan,
  type SpanContext,
  type SpanLimits,
  type SpanProcessor,
} from '../../src/types';

const FLUSHED: FlushResult = { ok: true, timedOut: false };

/** Keeps what it is handed at end. */
class EndedSpans implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<FlushResult> {
    return Promise.resolve(FLUSHED);
  }
  shutdown(): Promise<FlushResult> {
    return Promise.resolve(FLUSHED);
  }
}

function newContext(): SpanContext {
  return { traceId: generateTraceId(), spanId: generateSpanId(), traceFlags: 0x03, isRemote: false };
}

function makeSpan(limits: SpanLimits = {}, processors: SpanProcessor[] = [], startTime = now()): RecordingSpan {
  const shared = { resource: { attributes: { 'service.name': 'test' } }, scope: { name: 'test-scope' }, spanLimits: resolveSpanLimits(limits), processors };
  const context = newContext();
  return new RecordingSpan(shared, context, undefined, undefined, 'op', SpanKind.SERVER, startTime, context.spanId, undefined, undefined);
}

let diag: CapturedDiagnostics;
beforeEach(() => {
  diag = captureDiagnostics();
});

describe('RecordingSpan: the two faces', () => {
  test('starts recording, unset status, end time equal to start time', () => {
    const span = makeSpan();
    expect(span.isRecording()).toBe(true);
    expect(span.ended).toBe(false);
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.endTime).toBe(span.startTime);
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.resource.attributes['service.name']).toBe('test');
    expect(span.scope.name).toBe('test-scope');
  });

  test('the readable face is the span itself, with live fields', () => {
    const span = makeSpan();
    const readable: ReadableSpan = span;
    expect(readable.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    span.updateName('renamed').setAttribute('k', 'v');
    expect(readable.name).toBe('renamed');
    expect(readable.attributes).toEqual({ k: 'v' });
    expect(readable.localRootSpanId).toBe(span.spanContext().spanId);
  });

  test('ids() is formatted once and cached', () => {
    const span = makeSpan();
    const ids = span.ids();
    expect(ids).toEqual({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      traceFlags: '03',
      sampled: true,
      localRootSpanId: span.spanContext().spanId,
    });
    expect(span.ids()).toBe(ids);
  });
});

describe('RecordingSpan: attribute limits', () => {
  test('the 129th attribute is dropped and counted; overwriting at the limit is allowed', () => {
    const span = makeSpan();
    for (let i = 0; i < 128; i++) span.setAttribute(`key${i}`, i);
    span.setAttribute('key128', 'one too many');
    span.setAttribute('key129', 'two too many');
    expect(Object.keys(span.attributes)).toHaveLength(128);
    expect(span.attributes.key128).toBeUndefined();
    expect(span.droppedAttributesCount).toBe(2);
    span.setAttribute('key0', 'overwritten');
    expect(span.attributes.key0).toBe('overwritten');
    expect(span.droppedAttributesCount).toBe(2);
  });

  test('one diagnostic per span however many problems', () => {
    const span = makeSpan({ attributeCountLimit: 1 });
    span.setAttributes({ a: 1, b: 2, c: 3 });
    span.setAttribute('obj', { not: 'allowed' } as never);
    expect(span.attributes).toEqual({ a: 1 });
    expect(diag.warnings).toHaveLength(1);
    makeSpan().setAttribute('obj', { not: 'allowed' } as never);
    expect(diag.warnings).toHaveLength(2);
  });

  test('value length limit truncates strings and array elements, never splitting a surrogate pair', () => {
    const span = makeSpan({ attributeValueLengthLimit: 3 });
    span.setAttributes({ s: 'abcdef', emoji: 'ab\u{1F600}', list: ['abcd', 'x'], n: 123456 });
    expect(span.attributes).toEqual({ s: 'abc', emoji: 'ab', list: ['abc', 'x'], n: 123456 });
  });

  test('initial attributes count toward the limit like later ones', () => {
    const shared = { resource: { attributes: {} }, scope: { name: 't' }, spanLimits: resolveSpanLimits({ attributeCountLimit: 2 }), processors: [] };
    const context = newContext();
    const span = new RecordingSpan(shared, context, undefined, undefined, 'op', SpanKind.INTERNAL, now(), context.spanId, { a: 1, b: 2, c: 3 }, undefined);
    expect(span.attributes).toEqual({ a: 1, b: 2 });
    expect(span.droppedAttributesCount).toBe(1);
  });
});

describe('RecordingSpan: events and links', () => {
  test('events keep order, time and attributes; beyond the limit they are dropped and counted', () => {
    const span = makeSpan({ eventCountLimit: 2, attributePerEventCountLimit: 1 });
    const early = span.startTime - 5000; // outside [start, end]: kept as given (SPEC 4.4)
    span.addEvent('first', { a: 1, b: 2 }, early);
    span.addEvent('second', new Date(1_700_000_000_000));
    span.addEvent('third');
    expect(span.events.map((event) => event.name)).toEqual(['first', 'second']);
    expect(span.events[0]).toEqual({ name: 'first', time: early, attributes: { a: 1 }, droppedAttributesCount: 1 });
    expect(span.events[1]!.time).toBe(1_700_000_000_000);
    expect(span.events[1]!.attributes).toEqual({});
    expect(span.droppedEventsCount).toBe(1);
  });

  test('links need a valid context; beyond the limit they are dropped and counted', () => {
    const span = makeSpan({ linkCountLimit: 1, attributePerLinkCountLimit: 1 });
    const target = newContext();
    span.addLink({ context: { traceId: '0'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 } });
    span.addLink({ context: target, attributes: { a: 'x', b: 'y' } });
    span.addLink({ context: newContext() });
    expect(span.links).toEqual([{ context: target, attributes: { a: 'x' }, droppedAttributesCount: 1 }]);
    expect(span.droppedLinksCount).toBe(1);
  });
});

describe('RecordingSpan: recordException (SPEC 4.7)', () => {
  test('an Error gives type, message and stacktrace; status is not touched', () => {
    const span = makeSpan();
    const error = new TypeError('bad input');
    span.recordException(error);
    expect(span.events).toHaveLength(1);
    expect(span.events[0]!.name).toBe('exception');
    expect(span.events[0]!.attributes).toEqual({
      'exception.type': 'TypeError',
      'exception.message': 'bad input',
      'exception.stacktrace': error.stack,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('a custom error class: its name when set, the inherited name otherwise, the constructor name when empty', () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    class Unnamed extends Error {}
    class Anonymous extends Error {
      override name = '';
    }
    const span = makeSpan();
    span.recordException(new PaymentDeclined('card expired'));
    span.recordException(new Unnamed('x'));
    span.recordException(new Anonymous('y'));
    expect(span.events.map((event) => event.attributes['exception.type'])).toEqual(['PaymentDeclined', 'Error', 'Anonymous']);
    expect(span.events[0]!.attributes['exception.message']).toBe('card expired');
  });

  test('a thrown string gives only a message', () => {
    const span = makeSpan();
    span.recordException('boom');
    span.recordException(404);
    expect(span.events[0]!.attributes).toEqual({ 'exception.message': 'boom' });
    expect(span.events[1]!.attributes).toEqual({ 'exception.message': '404' });
  });

  test('user attributes override the generated ones', () => {
    const span = makeSpan();
    span.recordException(new Error('secret token abc'), { 'exception.message': 'redacted', extra: 1 });
    expect(span.events[0]!.attributes['exception.message']).toBe('redacted');
    expect(span.events[0]!.attributes.extra).toBe(1);
    expect(span.events[0]!.attributes['exception.type']).toBe('Error');
  });

  test('a hostile error object does not throw into the caller', () => {
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', { get: () => { throw new Error('getter'); } });
    const span = makeSpan();
    expect(() => span.recordException(hostile)).not.toThrow();
    expect(diag.reported).toHaveLength(1);
  });
});

describe('RecordingSpan: status (SPEC 4.5)', () => {
  test('Unset is ignored; description is kept only for Error; last call wins until Ok', () => {
    const span = makeSpan();
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'first' });
    span.setStatus({ code: SpanStatusCode.UNSET });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'first' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: '' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    span.setStatus({ code: SpanStatusCode.OK, message: 'ignored' } as never);
    expect(span.status).toEqual({ code: SpanStatusCode.OK });
  });

  test('Ok is final', () => {
    const span = makeSpan();
    span.setStatus({ code: SpanStatusCode.OK });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'too late' });
    expect(span.status).toEqual({ code: SpanStatusCode.OK });
  });

  test('garbage is ignored', () => {
    const span = makeSpan();
    span.setStatus(null as never);
    span.setStatus({ code: 7 } as never);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('RecordingSpan: end', () => {
  test('ends once: processors see it once, a second end changes nothing', () => {
    const processor = new EndedSpans();
    const span = makeSpan({}, [processor]);
    span.end();
    const endTime = span.endTime;
    span.end(endTime + 1000);
    expect(processor.spans).toEqual([span]);
    expect(span.endTime).toBe(endTime);
    expect(span.ended).toBe(true);
    expect(span.isRecording()).toBe(false);
  });

  test('every mutation after end is ignored', () => {
    const span = makeSpan();
    span.end();
    span.setAttribute('a', 1).setAttributes({ b: 2 }).addEvent('e').addLink({ context: newContext() })
      .recordException(new Error('late')).setStatus({ code: SpanStatusCode.ERROR }).updateName('late');
    expect(span.attributes).toEqual({});
    expect(span.events).toEqual([]);
    expect(span.links).toEqual([]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.name).toBe('op');
  });

  test('an end time before the start uses the start time and is reported once', () => {
    resetWarning('span.end-before-start');
    const first = makeSpan();
    first.end(first.startTime - 10);
    const second = makeSpan();
    second.end(second.startTime - 10);
    expect(first.endTime).toBe(first.startTime);
    expect(second.endTime).toBe(second.startTime);
    expect(diag.warnings).toHaveLength(1);
  });

  test('timestamps: start < end, sub-millisecond fraction, close to Date.now()', async () => {
    const spans = [makeSpan(), makeSpan(), makeSpan()];
    await sleep(2);
    for (const span of spans) span.end();
    for (const span of spans) {
      expect(span.endTime).toBeGreaterThan(span.startTime);
      expect(Math.abs(span.startTime - Date.now())).toBeLessThan(1000);
    }
    expect(spans.some((span) => span.startTime % 1 !== 0 || span.endTime % 1 !== 0)).toBe(true);
  });

  test('a throwing processor is reported and does not stop the others or the caller', () => {
    const throwing = Object.assign(new EndedSpans(), { onEnd: () => { throw new Error('processor bug'); } });
    const processor = new EndedSpans();
    const span = makeSpan({}, [throwing, processor]);
    expect(() => span.end()).not.toThrow();
    expect(processor.spans).toHaveLength(1);
    expect(diag.reported.map((entry) => entry.where)).toEqual(['SpanProcessor.onEnd']);
  });
});
