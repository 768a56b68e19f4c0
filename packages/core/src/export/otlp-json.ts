/**
 * The OTLP/JSON mapping of finished spans (SPEC-NOTES 7.3), shared by the JSONL exporter and the
 * OTLP/HTTP exporter: lowerCamelCase keys, hex ids, integer enums, 64-bit integers and nanosecond
 * times as decimal strings, and default-valued fields (0, "", empty lists, UNSET status) omitted.
 */
import { toUnixNanoString } from '../trace/clock';
import type {
  InstrumentationScope,
  ReadableLink,
  ReadableSpan,
  Resource,
  SpanContext,
  SpanEvent,
  SpanStatus,
} from '../types';

/** AnyValue: exactly one field is set; none set is the OTLP "empty value". */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64 as a decimal string */
  intValue?: string;
  /** NaN and ±Infinity travel as strings */
  doubleValue?: number | 'NaN' | 'Infinity' | '-Infinity';
  arrayValue?: { values: OtlpAnyValue[] };
  kvlistValue?: { values: OtlpKeyValue[] };
  /** base64 */
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpStatus {
  message?: string;
  code?: number;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags: number;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: OtlpStatus;
}

export interface OtlpResource {
  attributes: OtlpKeyValue[];
}

export interface OtlpScope {
  name: string;
  version?: string;
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: OtlpResource;
  scopeSpans: OtlpScopeSpans[];
}

export interface OtlpExportTraceServiceRequest {
  resourceSpans: OtlpResourceSpans[];
}

/** Span/link `flags` bit 8: whether the parent is remote is known (SPEC-NOTES 7.3). */
const FLAG_REMOTE_KNOWN = 0x100;
/** Span/link `flags` bit 9: the parent is remote. */
const FLAG_REMOTE = 0x200;
/** SPEC-NOTES 4.3: nesting deeper than 64 levels becomes the empty value (also stops cycles). */
const MAX_DEPTH = 64;

/**
 * One attribute value as AnyValue. JS numbers map per SPEC-NOTES 4.2 (safe integer → `intValue`,
 * anything else → `doubleValue`); null/undefined array elements and unsupported values become
 * the empty value rather than throwing.
 */
export function toOtlpAnyValue(value: unknown): OtlpAnyValue {
  return anyValue(value, 1);
}

function anyValue(value: unknown, depth: number): OtlpAnyValue {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return numberValue(value);
    case 'bigint':
      return { intValue: value.toString() };
    default:
      break;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return {};
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) {
    return { arrayValue: { values: value.map((item: unknown) => anyValue(item, depth + 1)) } };
  }
  return { kvlistValue: { values: keyValues(value as Record<string, unknown>, depth + 1) } };
}

function numberValue(value: number): OtlpAnyValue {
  if (Number.isSafeInteger(value)) return { intValue: String(value) };
  if (Number.isNaN(value)) return { doubleValue: 'NaN' };
  if (value === Infinity) return { doubleValue: 'Infinity' };
  if (value === -Infinity) return { doubleValue: '-Infinity' };
  return { doubleValue: value };
}

/** Attributes as a KeyValue list; keys whose value is undefined are skipped. */
export function toOtlpKeyValues(attributes: Readonly<Record<string, unknown>> | undefined): OtlpKeyValue[] {
  return attributes === undefined ? [] : keyValues(attributes, 1);
}

function keyValues(attributes: Readonly<Record<string, unknown>>, depth: number): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined) out.push({ key, value: anyValue(value, depth) });
  }
  return out;
}

export function toOtlpResource(resource: Resource): OtlpResource {
  return { attributes: toOtlpKeyValues(resource.attributes) };
}

export function toOtlpScope(scope: InstrumentationScope): OtlpScope {
  return scope.version ? { name: scope.name, version: scope.version } : { name: scope.name };
}

/**
 * One span in the exact SPEC-NOTES 7.3 form. `flags` always carries bit 8 ("remote-ness known"):
 * for a root span there is no parent, so it is known not to be remote.
 */
export function toOtlpSpan(span: ReadableSpan): OtlpSpan {
  const context = span.spanContext();
  const out: OtlpSpan = { traceId: context.traceId, spanId: context.spanId } as OtlpSpan;
  const traceState = context.traceState?.serialize();
  if (traceState) out.traceState = traceState;
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  out.flags = (context.traceFlags & 0xff) | FLAG_REMOTE_KNOWN | (span.parentIsRemote ? FLAG_REMOTE : 0);
  out.name = span.name;
  out.kind = span.kind;
  out.startTimeUnixNano = toUnixNanoString(span.startTime);
  out.endTimeUnixNano = toUnixNanoString(span.endTime);
  setAttributes(out, span.attributes, span.droppedAttributesCount);
  if (span.events.length > 0) out.events = span.events.map(toOtlpEvent);
  if (span.droppedEventsCount > 0) out.droppedEventsCount = span.droppedEventsCount;
  if (span.links.length > 0) out.links = span.links.map(toOtlpLink);
  if (span.droppedLinksCount > 0) out.droppedLinksCount = span.droppedLinksCount;
  const status = toOtlpStatus(span.status);
  if (status !== undefined) out.status = status;
  return out;
}

/** Sets `attributes` / `droppedAttributesCount` only when they differ from their defaults. */
function setAttributes(
  target: { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number },
  attributes: Readonly<Record<string, unknown>>,
  droppedCount: number,
): void {
  const list = toOtlpKeyValues(attributes);
  if (list.length > 0) target.attributes = list;
  if (droppedCount > 0) target.droppedAttributesCount = droppedCount;
}

function toOtlpEvent(event: SpanEvent): OtlpEvent {
  const out: OtlpEvent = { timeUnixNano: toUnixNanoString(event.time), name: event.name };
  setAttributes(out, event.attributes, event.droppedAttributesCount);
  return out;
}

function toOtlpLink(link: ReadableLink): OtlpLink {
  const context: SpanContext = link.context;
  const out = { traceId: context.traceId, spanId: context.spanId } as OtlpLink;
  const traceState = context.traceState?.serialize();
  if (traceState) out.traceState = traceState;
  setAttributes(out, link.attributes, link.droppedAttributesCount);
  out.flags = (context.traceFlags & 0xff) | FLAG_REMOTE_KNOWN | (context.isRemote ? FLAG_REMOTE : 0);
  return out;
}

/** UNSET without a message is the default and omitted; the message only travels when non-empty. */
function toOtlpStatus(status: SpanStatus): OtlpStatus | undefined {
  if (status.code === 0 && !status.message) return undefined;
  const out: OtlpStatus = {};
  if (status.message) out.message = status.message;
  if (status.code !== 0) out.code = status.code;
  return out;
}

/**
 * The request body for `POST /v1/traces`: spans grouped by resource (object identity, as one
 * tracer shares one Resource object) and then by scope (name + version), keeping arrival order.
 */
export function toExportTraceServiceRequest(spans: readonly ReadableSpan[]): OtlpExportTraceServiceRequest {
  const byResource = new Map<Resource, { entry: OtlpResourceSpans; byScope: Map<string, OtlpScopeSpans> }>();
  const resourceSpans: OtlpResourceSpans[] = [];
  for (const span of spans) {
    let group = byResource.get(span.resource);
    if (group === undefined) {
      group = { entry: { resource: toOtlpResource(span.resource), scopeSpans: [] }, byScope: new Map() };
      byResource.set(span.resource, group);
      resourceSpans.push(group.entry);
    }
    const scopeKey = `${span.scope.name}\u0000${span.scope.version ?? ''}`;
    let scopeSpans = group.byScope.get(scopeKey);
    if (scopeSpans === undefined) {
      scopeSpans = { scope: toOtlpScope(span.scope), spans: [] };
      group.byScope.set(scopeKey, scopeSpans);
      group.entry.scopeSpans.push(scopeSpans);
    }
    scopeSpans.spans.push(toOtlpSpan(span));
  }
  return { resourceSpans };
}
