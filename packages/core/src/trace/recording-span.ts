/**
 * The span that records (SPEC-NOTES §4). Lean on purpose: every field is assigned in the
 * constructor in one fixed order (one hidden class for all spans), no closures per span, and what
 * every span of a tracer shares (limits, processors, resource, scope) is one object passed by
 * reference. Nothing here throws into the app (SPEC 0.1): bad input is ignored, processors are
 * guarded, and every mutation after `end()` is a no-op (§4.6).
 */
import { reportError, warn, warnOnce } from '../diag';
import { isValidSpanId, isValidTraceId } from '../ids';
import {
  SpanStatusCode,
  type Attributes,
  type AttributeValue,
  type CurrentIds,
  type InstrumentationScope,
  type Link,
  type ReadableLink,
  type ReadableSpan,
  type Resource,
  type Span,
  type SpanContext,
  type SpanEvent,
  type SpanKind,
  type SpanProcessor,
  type SpanStatus,
  type TimeInput,
  type TraceContext,
} from '../types';
import { AttributeWrite, copyAttributes, toSafeString, writeAttribute, type AttributeMap, type CopiedAttributes } from './attributes';
import { toEpochMillis } from './clock';
import { makeCurrentIds } from './current-ids';
import { exceptionAttributes } from './exception-attributes';
import { notifyProcessors } from './processor-calls';
import type { ResolvedSpanLimits } from './span-limits';

/** What all spans of one tracer share (a `TracerConfig` satisfies it). */
export interface SpanSharedState {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly spanLimits: ResolvedSpanLimits;
  readonly processors: readonly SpanProcessor[];
}

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const OK: SpanStatus = Object.freeze({ code: SpanStatusCode.OK });
const ERROR_WITHOUT_MESSAGE: SpanStatus = Object.freeze({ code: SpanStatusCode.ERROR });

/** One object, two faces: the app writes to it as a `Span`, processors read it as a `ReadableSpan`. */
export class RecordingSpan implements Span, ReadableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanId: string | undefined;
  readonly parentIsRemote: boolean | undefined;
  readonly startTime: number;
  endTime: number;
  ended: boolean;
  readonly attributes: AttributeMap;
  readonly events: SpanEvent[];
  readonly links: ReadableLink[];
  status: SpanStatus;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly localRootSpanId: string;
  private readonly context: SpanContext;
  private readonly shared: SpanSharedState;
  private attributeCount: number;
  /** set once a problem was reported: at most one message per span (SPEC-NOTES §4.2, §4.3) */
  private diagnosed: boolean;
  private cachedIds: CurrentIds | undefined;

  constructor(
    shared: SpanSharedState,
    spanContext: SpanContext,
    parentSpanId: string | undefined,
    parentIsRemote: boolean | undefined,
    name: string,
    kind: SpanKind,
    startTime: number,
    localRootSpanId: string,
    attributes: Attributes | undefined,
    links: readonly Link[] | undefined,
  ) {
    this.name = name;
    this.kind = kind;
    this.parentSpanId = parentSpanId;
    this.parentIsRemote = parentIsRemote;
    this.startTime = startTime;
    this.endTime = startTime;
    this.ended = false;
    this.attributes = {};
    this.events = [];
    this.links = [];
    this.status = UNSET;
    this.droppedAttributesCount = 0;
    this.droppedEventsCount = 0;
    this.droppedLinksCount = 0;
    this.resource = shared.resource;
    this.scope = shared.scope;
    this.localRootSpanId = localRootSpanId;
    this.context = spanContext;
    this.shared = shared;
    this.attributeCount = 0;
    this.diagnosed = false;
    this.cachedIds = undefined;
    if (attributes !== undefined) this.setAttributes(attributes);
    if (Array.isArray(links)) for (const link of links) this.addLink(link);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  /** false once ended: the span stops recording (SPEC-NOTES §4.6). */
  isRecording(): boolean {
    return !this.ended;
  }

  ids(): CurrentIds {
    return (this.cachedIds ??= makeCurrentIds(this.context, this.localRootSpanId));
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.ended) return this;
    const limits = this.shared.spanLimits;
    const outcome = writeAttribute(
      this.attributes, this.attributeCount, key, value, limits.attributeCountLimit, limits.attributeValueLengthLimit,
    );
    if (outcome === AttributeWrite.ADDED) {
      this.attributeCount++;
    } else if (outcome === AttributeWrite.OVER_LIMIT) {
      this.droppedAttributesCount++;
      this.diagnose(`attribute count limit (${limits.attributeCountLimit}) reached, further attributes dropped`);
    } else if (outcome === AttributeWrite.INVALID) {
      this.diagnose(`attribute "${key}" has an unsupported value type and was dropped`);
    }
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (this.ended || attributes === null || typeof attributes !== 'object') return this;
    for (const key of Object.keys(attributes)) this.setAttribute(key, attributes[key]);
    return this;
  }

  /** Also accepts `addEvent(name, time)`, the shape OpenTelemetry JS users are used to. */
  addEvent(name: string, attributes?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    if (typeof attributes === 'number' || attributes instanceof Date) {
      time = attributes;
      attributes = undefined;
    }
    const limits = this.shared.spanLimits;
    if (this.events.length >= limits.eventCountLimit) {
      this.droppedEventsCount++;
      this.diagnose(`event count limit (${limits.eventCountLimit}) reached, further events dropped`);
      return this;
    }
    const copied = copyAttributes(attributes, limits.attributePerEventCountLimit, limits.attributeValueLengthLimit);
    this.noteCopy(copied, 'an event');
    // event times are kept as given, even outside [start, end] (SPEC-NOTES §4.4)
    this.events.push({
      name: toSafeString(name, 'event'),
      time: toEpochMillis(time),
      attributes: copied.attributes,
      droppedAttributesCount: copied.dropped,
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended || !isUsableLink(link)) return this;
    const limits = this.shared.spanLimits;
    if (this.links.length >= limits.linkCountLimit) {
      this.droppedLinksCount++;
      this.diagnose(`link count limit (${limits.linkCountLimit}) reached, further links dropped`);
      return this;
    }
    const copied = copyAttributes(link.attributes, limits.attributePerLinkCountLimit, limits.attributeValueLengthLimit);
    this.noteCopy(copied, 'a link');
    this.links.push({ context: link.context, attributes: copied.attributes, droppedAttributesCount: copied.dropped });
    return this;
  }

  /** An `exception` event (SPEC-NOTES §4.7); user attributes override the generated ones. No status change. */
  recordException(exception: unknown, attributes?: Attributes, time?: TimeInput): this {
    if (this.ended) return this;
    try {
      const generated = exceptionAttributes(exception);
      this.addEvent('exception', attributes === undefined ? generated : { ...generated, ...attributes }, time);
    } catch (error) {
      // a hostile error object (throwing getters, proxies) must not reach the app
      reportError(error, 'Span.recordException');
    }
    return this;
  }

  /** SPEC-NOTES §4.5: Unset ignored, Ok final, description kept for Error only, otherwise last call wins. */
  setStatus(status: SpanStatus): this {
    if (this.ended || this.status.code === SpanStatusCode.OK || status === null || typeof status !== 'object') return this;
    const code = status.code;
    if (code === SpanStatusCode.OK) {
      this.status = OK;
    } else if (code === SpanStatusCode.ERROR) {
      const message = status.message;
      this.status = typeof message === 'string' && message !== '' ? { code, message } : ERROR_WITHOUT_MESSAGE;
    }
    return this;
  }

  updateName(name: string): this {
    if (!this.ended && typeof name === 'string') this.name = name;
    return this;
  }

  /** Ends once; an end time before the start is replaced by the start time (reported once per process). */
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    let time = toEpochMillis(endTime);
    if (time < this.startTime) {
      warnOnce('span.end-before-start', 'a span was ended with an end time before its start time; using the start time');
      time = this.startTime;
    }
    this.endTime = time;
    this.ended = true;
    notifyProcessors(this.shared.processors, 'onEnd', this, undefined);
  }

  /** Called by the tracer once the span is fully built (initial and sampler attributes applied). */
  notifyStart(parentContext: TraceContext | undefined): void {
    notifyProcessors(this.shared.processors, 'onStart', this, parentContext);
  }

  private noteCopy(copied: CopiedAttributes, owner: string): void {
    if (copied.invalid) this.diagnose(`${owner} had attributes of unsupported types, dropped`);
    else if (copied.dropped > 0) this.diagnose(`${owner} exceeded its attribute count limit, attributes dropped`);
  }

  private diagnose(problem: string): void {
    if (this.diagnosed) return;
    this.diagnosed = true;
    warn(`span "${this.name}": ${problem} (reported once per span)`);
  }
}

function isUsableLink(link: Link): boolean {
  if (link === null || typeof link !== 'object') return false;
  const context = link.context;
  return context !== null && typeof context === 'object' && isValidTraceId(context.traceId) && isValidSpanId(context.spanId);
}
