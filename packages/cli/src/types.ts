/**
 * Public types of `@tracewire/cli`: the spans it reads, the traces it assembles, what it computes
 * about them, and the stable `--json` shape (README § JSON output).
 */

/** Attribute values after decoding OTLP AnyValue; int64 values that do not fit a double stay strings. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

export type StatusName = 'UNSET' | 'OK' | 'ERROR';

export interface SpanEventRecord {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
}

/** One span as read from a file, before any assembly. Ids are lowercase hex. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** undefined for a root span */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKindName;
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  readonly status: StatusName;
  readonly statusMessage: string;
  /** the resource attribute `service.name`, or `unknown_service` (the OTel default) */
  readonly service: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEventRecord[];
  /** `file:line` the span came from, for messages */
  readonly source: string;
}

/**
 * A span placed in its trace. Times are milliseconds since the trace's earliest raw start.
 * `start`/`end` are the recorded times; `adjStart`/`adjEnd` are after the clock-skew shift
 * (README § Clock skew); `cpStart`/`cpEnd` are additionally clamped into the parent's
 * clamped interval, which is what the critical path walks (empty when cpEnd <= cpStart).
 */
export interface SpanNode {
  readonly record: SpanRecord;
  readonly parent: SpanNode | undefined;
  readonly children: SpanNode[];
  readonly depth: number;
  readonly start: number;
  readonly end: number;
  adjStart: number;
  adjEnd: number;
  cpStart: number;
  cpEnd: number;
  /** how far this span (with its subtree) was shifted for clock skew, in ms (0 = not shifted) */
  skewShift: number;
  /** set when the span lies outside its parent on another service by more than the tolerance */
  skewUnresolved: number;
  /** the parent id this root points at but that is not in the input */
  missingParentId: string | undefined;
  /** adjusted duration minus the union of its children's adjusted intervals inside it */
  selfTime: number;
}

export interface Trace {
  readonly traceId: string;
  /** raw unix-nano of the earliest span start: time 0 of every SpanNode */
  readonly originUnixNano: bigint;
  /** the root the critical path is computed for: a true root (no parent) if any, else the earliest orphan */
  readonly root: SpanNode;
  /** every root: the true root(s) first, then spans whose parent is missing (marked) */
  readonly roots: readonly SpanNode[];
  /** depth-first, children by start time: the waterfall order */
  readonly spans: readonly SpanNode[];
  readonly byId: ReadonlyMap<string, SpanNode>;
}

/** A stretch of the critical path attributed to one span's own time. */
export interface PathSegment {
  readonly span: SpanNode;
  readonly start: number;
  readonly end: number;
}

export interface PathSpan {
  readonly span: SpanNode;
  /** the span's own time on the critical path, ms */
  readonly time: number;
}

export interface CriticalPath {
  /** in time order; contiguous from root.cpStart to root.cpEnd */
  readonly segments: readonly PathSegment[];
  /** each span once, in order of first appearance along the path */
  readonly spans: readonly PathSpan[];
  readonly duration: number;
  /** the span with the largest own time on the path; undefined for an empty path */
  readonly bottleneck: PathSpan | undefined;
}

export interface ErrorPath {
  /** the ERROR span that ended first (ties: the deepest) */
  readonly origin: SpanNode;
  /** the unbroken chain of ERROR ancestors above the origin, nearest first */
  readonly propagatedTo: readonly SpanNode[];
  /** ERROR spans in neither of the above */
  readonly otherErrors: readonly SpanNode[];
}

export interface ServiceTime {
  readonly service: string;
  readonly selfTime: number;
  /** selfTime / sum of all services' selfTime */
  readonly share: number;
  readonly spans: number;
}

/** How the callee of an edge was identified. */
export type EdgeVia = 'server-span' | 'peer.service' | 'server.address' | 'unknown';

export interface ServiceEdge {
  readonly from: string;
  readonly to: string;
  readonly via: EdgeVia;
  readonly calls: number;
  readonly errors: number;
  readonly errorRate: number;
  /** of the CLIENT span durations, nearest-rank, ms */
  readonly p50: number;
  readonly p99: number;
}

export interface TraceAnalysis {
  readonly trace: Trace;
  readonly criticalPath: CriticalPath;
  readonly errorPath: ErrorPath | undefined;
  readonly breakdown: readonly ServiceTime[];
  readonly serviceMap: readonly ServiceEdge[];
}

export interface TraceFilter {
  /** trace ids or id prefixes (lowercase hex); any may match */
  traceIds?: string[];
  /** keep traces in which one of these services has a span */
  services?: string[];
  /** keep traces whose root lasts at least this many ms */
  minDurationMs?: number;
  /** keep traces with at least one ERROR span */
  errorsOnly?: boolean;
}

export interface AnalyseOptions {
  /** largest cross-service overflow that is shifted away as clock skew, ms; default 10 */
  skewToleranceMs?: number;
}

/** Where `main` writes; defaults to the process's streams. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}
