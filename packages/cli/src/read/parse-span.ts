/**
 * One OTLP/JSON span (SPEC-NOTES 7.3) as a SpanRecord: hex ids (case-insensitive, lowercased
 * here), integer enums, unix-nano times as decimal strings (numbers accepted, as decoders must).
 * Default-valued fields may be missing; unknown fields are ignored. A malformed span throws a
 * plain message naming the field; the caller adds the file and line.
 */
import type { Attributes, SpanEventRecord, SpanKindName, SpanRecord, StatusName } from '../types';
import { decodeKeyValues } from './any-value';

const KINDS: readonly SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUSES: readonly StatusName[] = ['UNSET', 'OK', 'ERROR'];
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

/** What a span inherits from its ResourceSpans (or from its own line in the JSONL form). */
export interface SpanOrigin {
  readonly service: string;
  readonly source: string;
}

/** The `service.name` of an OTLP resource; `unknown_service` when it has none (OTel's default). */
export function serviceOf(resource: unknown): string {
  const attributes = decodeKeyValues(objectOrEmpty(resource, 'resource').attributes);
  const name = attributes['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

export function parseSpan(value: unknown, origin: SpanOrigin): SpanRecord {
  const span = objectOrEmpty(value, 'span');
  const traceId = hexId(span.traceId, TRACE_ID, 'traceId', 32);
  const spanId = hexId(span.spanId, SPAN_ID, 'spanId', 16);
  const parent = span.parentSpanId;
  const parentSpanId = parent === undefined || parent === null || parent === '' ? undefined : hexId(parent, SPAN_ID, 'parentSpanId', 16);
  const startUnixNano = unixNano(span.startTimeUnixNano, 'startTimeUnixNano', true);
  // an end before the start (or none) is recorded as a zero-length span rather than rejected
  const end = unixNano(span.endTimeUnixNano, 'endTimeUnixNano', false);
  const status = objectOrEmpty(span.status, 'status');
  const statusMessage = status.message;
  if (statusMessage !== undefined && typeof statusMessage !== 'string') throw new Error('"status.message" must be a string');
  return {
    traceId,
    spanId,
    parentSpanId,
    name: optionalString(span.name, 'name'),
    kind: enumValue(span.kind, KINDS, 'kind'),
    startUnixNano,
    endUnixNano: end === undefined || end < startUnixNano ? startUnixNano : end,
    status: enumValue(status.code, STATUSES, 'status.code'),
    statusMessage: statusMessage ?? '',
    service: origin.service,
    attributes: attributesOf(span.attributes, 'attributes'),
    events: eventsOf(span.events),
    source: origin.source,
  };
}

function objectOrEmpty(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`"${field}" must be an object`);
  return value as Record<string, unknown>;
}

function hexId(value: unknown, pattern: RegExp, field: string, digits: number): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(`"${field}" must be ${digits} hex digits, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  const id = value.toLowerCase();
  if (/^0+$/.test(id)) throw new Error(`"${field}" is all zeros, which is invalid`);
  return id;
}

function unixNano(value: unknown, field: string, required: true): bigint;
function unixNano(value: unknown, field: string, required: false): bigint | undefined;
function unixNano(value: unknown, field: string, required: boolean): bigint | undefined {
  if (value === undefined || value === null) {
    if (required) throw new Error(`"${field}" is missing`);
    return undefined;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  throw new Error(`"${field}" must be a decimal string of nanoseconds, got ${JSON.stringify(value)}`);
}

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Error(`"${field}" must be a string`);
  return value;
}

function enumValue<T>(value: unknown, names: readonly T[], field: string): T {
  if (value === undefined || value === null) return names[0]!;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return names[value]!;
  throw new Error(`"${field}" must be an integer from 0 to ${names.length - 1}, got ${JSON.stringify(value)}`);
}

function attributesOf(list: unknown, field: string): Attributes {
  try {
    return decodeKeyValues(list);
  } catch (error) {
    throw new Error(`"${field}": ${(error as Error).message}`);
  }
}

function eventsOf(list: unknown): SpanEventRecord[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new Error('"events" must be a list');
  return list.map((item: unknown, index) => {
    const event = objectOrEmpty(item, `events[${index}]`);
    return {
      name: optionalString(event.name, `events[${index}].name`),
      timeUnixNano: unixNano(event.timeUnixNano, `events[${index}].timeUnixNano`, false) ?? 0n,
      attributes: attributesOf(event.attributes, `events[${index}].attributes`),
    };
  });
}
