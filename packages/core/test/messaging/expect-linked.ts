/**
 * The checks every "sent, then processed" test makes, with expected ids read from the wire
 * (parsed without core) and span kinds as the OTel API numbers them (SPEC-NOTES §4.6).
 */
import type { ReadableSpan } from '@tracewire/core';
import { traceresponseIds } from '../../../../test-support/trace-ids';

export const PRODUCER = 4;
export const CONSUMER = 5;

/**
 * `consumer` processed the message `producer` sent: the traceparent on the wire names the
 * producer span; the consumer span is in its trace, its child (a remote parent) and linked to it.
 */
export function expectConsumerOf(consumer: ReadableSpan, producer: ReadableSpan, wireTraceparent: string | undefined): void {
  const wire = traceresponseIds(wireTraceparent);
  expect(producer.kind).toBe(PRODUCER);
  expect(consumer.kind).toBe(CONSUMER);
  expect([wire.traceId, wire.spanId]).toEqual([producer.spanContext().traceId, producer.spanContext().spanId]);
  expect(consumer.spanContext().traceId).toBe(wire.traceId);
  expect(consumer.parentSpanId).toBe(wire.spanId);
  expect(consumer.parentIsRemote).toBe(true);
  expect(consumer.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([[wire.traceId, wire.spanId]]);
  expect(consumer.spanContext().spanId).not.toBe(wire.spanId);
}

/** `span` started a trace of its own: no parent, no links, a trace id none of `others` has. */
export function expectNewTrace(span: ReadableSpan, others: readonly string[] = []): void {
  expect(span.kind).toBe(CONSUMER);
  expect(span.parentSpanId).toBeUndefined();
  expect(span.links).toEqual([]);
  expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(others).not.toContain(span.spanContext().traceId);
}

/** The one span named `name` (throws unless exactly one). */
export function named(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}`);
  return found[0]!;
}
