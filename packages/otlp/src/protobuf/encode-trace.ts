/**
 * ExportTraceServiceRequest in binary protobuf (SPEC-NOTES 7.4), written from core's OTLP/JSON
 * model of the batch — the very message the JSON encoding sends, so both encodings agree field
 * for field. Proto3 defaults (0, "", empty lists) are omitted as the JSON model omits them.
 */
import type {
  OtlpAnyValue,
  OtlpEvent,
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
} from '@tracewire/core';
import { parseDecimal64, type Int64Parts } from './int64';
import { ProtoWriter } from './writer';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

/** Scratch for 64-bit conversions: encoding is synchronous, so one per process is enough. */
const parts: Int64Parts = { lo: 0, hi: 0 };

/** Encodes the request into a buffer of its own. */
export function encodeTraceRequest(request: OtlpExportTraceServiceRequest): Buffer {
  const writer = new ProtoWriter();
  for (const resourceSpans of request.resourceSpans) {
    const mark = writer.begin(1);
    writeResourceSpans(writer, resourceSpans);
    writer.end(mark);
  }
  return writer.finish();
}

function writeResourceSpans(w: ProtoWriter, entry: OtlpResourceSpans): void {
  const mark = w.begin(1); // Resource
  writeKeyValues(w, 1, entry.resource.attributes);
  w.end(mark);
  for (const scopeSpans of entry.scopeSpans) {
    const mark = w.begin(2);
    writeScopeSpans(w, scopeSpans);
    w.end(mark);
  }
}

function writeScopeSpans(w: ProtoWriter, entry: OtlpScopeSpans): void {
  const mark = w.begin(1); // InstrumentationScope
  writeString(w, 1, entry.scope.name);
  writeString(w, 2, entry.scope.version);
  w.end(mark);
  for (const span of entry.spans) {
    const mark = w.begin(2);
    writeSpan(w, span);
    w.end(mark);
  }
}

function writeSpan(w: ProtoWriter, span: OtlpSpan): void {
  writeId(w, 1, span.traceId);
  writeId(w, 2, span.spanId);
  writeString(w, 3, span.traceState);
  writeId(w, 4, span.parentSpanId);
  writeString(w, 5, span.name);
  writeUint32(w, 6, span.kind);
  writeFixed64(w, 7, span.startTimeUnixNano);
  writeFixed64(w, 8, span.endTimeUnixNano);
  writeKeyValues(w, 9, span.attributes);
  writeUint32(w, 10, span.droppedAttributesCount);
  if (span.events !== undefined) {
    for (const event of span.events) {
      const mark = w.begin(11);
      writeEvent(w, event);
      w.end(mark);
    }
  }
  writeUint32(w, 12, span.droppedEventsCount);
  if (span.links !== undefined) {
    for (const link of span.links) {
      const mark = w.begin(13);
      writeLink(w, link);
      w.end(mark);
    }
  }
  writeUint32(w, 14, span.droppedLinksCount);
  if (span.status !== undefined) {
    const mark = w.begin(15);
    writeString(w, 2, span.status.message);
    writeUint32(w, 3, span.status.code);
    w.end(mark);
  }
  writeFixed32(w, 16, span.flags);
}

function writeEvent(w: ProtoWriter, event: OtlpEvent): void {
  writeFixed64(w, 1, event.timeUnixNano);
  writeString(w, 2, event.name);
  writeKeyValues(w, 3, event.attributes);
  writeUint32(w, 4, event.droppedAttributesCount);
}

function writeLink(w: ProtoWriter, link: OtlpLink): void {
  writeId(w, 1, link.traceId);
  writeId(w, 2, link.spanId);
  writeString(w, 3, link.traceState);
  writeKeyValues(w, 4, link.attributes);
  writeUint32(w, 5, link.droppedAttributesCount);
  writeFixed32(w, 6, link.flags);
}

function writeKeyValues(w: ProtoWriter, field: number, list: readonly OtlpKeyValue[] | undefined): void {
  if (list === undefined) return;
  for (const kv of list) {
    const mark = w.begin(field);
    writeString(w, 1, kv.key);
    // the value is a message field: always present, even when it is the empty AnyValue
    const inner = w.begin(2);
    writeAnyValue(w, kv.value);
    w.end(inner);
    w.end(mark);
  }
}

/** AnyValue is a oneof: a set member is written even when it holds its type's default. */
function writeAnyValue(w: ProtoWriter, value: OtlpAnyValue): void {
  if (value.stringValue !== undefined) {
    w.tag(1, LENGTH);
    w.string(value.stringValue);
  } else if (value.boolValue !== undefined) {
    w.tag(2, VARINT);
    w.varint32(value.boolValue ? 1 : 0);
  } else if (value.intValue !== undefined) {
    parseDecimal64(value.intValue, parts);
    w.tag(3, VARINT);
    w.varint64(parts.lo, parts.hi);
  } else if (value.doubleValue !== undefined) {
    w.tag(4, FIXED64);
    w.double(Number(value.doubleValue)); // 'NaN' / 'Infinity' / '-Infinity' become the IEEE values
  } else if (value.arrayValue !== undefined) {
    const mark = w.begin(5);
    for (const item of value.arrayValue.values) {
      const inner = w.begin(1);
      writeAnyValue(w, item);
      w.end(inner);
    }
    w.end(mark);
  } else if (value.kvlistValue !== undefined) {
    const mark = w.begin(6);
    writeKeyValues(w, 1, value.kvlistValue.values);
    w.end(mark);
  } else if (value.bytesValue !== undefined) {
    w.tag(7, LENGTH);
    w.bytes(Buffer.from(value.bytesValue, 'base64'));
  }
}

function writeString(w: ProtoWriter, field: number, value: string | undefined): void {
  if (!value) return;
  w.tag(field, LENGTH);
  w.string(value);
}

function writeId(w: ProtoWriter, field: number, hex: string | undefined): void {
  if (!hex) return;
  w.tag(field, LENGTH);
  w.hexBytes(hex);
}

function writeUint32(w: ProtoWriter, field: number, value: number | undefined): void {
  if (!value) return;
  w.tag(field, VARINT);
  w.varint32(value);
}

function writeFixed32(w: ProtoWriter, field: number, value: number | undefined): void {
  if (!value) return;
  w.tag(field, FIXED32);
  w.fixed32(value);
}

function writeFixed64(w: ProtoWriter, field: number, decimal: string | undefined): void {
  if (!decimal || !parseDecimal64(decimal, parts) || (parts.lo === 0 && parts.hi === 0)) return;
  w.tag(field, FIXED64);
  w.fixed64(parts.lo, parts.hi);
}
