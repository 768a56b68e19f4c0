/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1 (port 0) for exporter tests. It decodes both
 * encodings with a decoder independent of tracewire's: protobufjs running the code that
 * OpenTelemetry generated from the official opentelemetry-proto `.proto` files (shipped in
 * @opentelemetry/otlp-transformer, a test-only dev dependency of @tracewire/otlp). Both encodings
 * end up in one canonical shape (every field present, ids as hex, 64-bit values as decimal
 * strings), so a test can compare them directly. Replies can be scripted per request: any status
 * with headers and body, a partial success, or never answering / cutting the connection.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { closeServer, listenOn, HOST } from './servers';
import { sleep } from './timing';

interface GeneratedMessage {
  decode(bytes: Uint8Array): object;
  fromObject(object: object): object;
  toObject(message: object, options: object): Record<string, unknown>;
  encode(message: object): { finish(): Uint8Array };
}

interface GeneratedRoot {
  opentelemetry: {
    proto: { collector: { trace: { v1: { ExportTraceServiceRequest: GeneratedMessage; ExportTraceServiceResponse: GeneratedMessage } } } };
  };
}

// Resolved from the otlp package, whose dev dependency it is (npm may install it below that package).
const requireFromOtlp = createRequire(path.join(__dirname, '..', 'packages', 'otlp', 'package.json'));
const generated = requireFromOtlp('@opentelemetry/otlp-transformer/build/src/generated/root') as GeneratedRoot;
const { ExportTraceServiceRequest, ExportTraceServiceResponse } = generated.opentelemetry.proto.collector.trace.v1;

/** protobufjs `toObject` options giving one shape for both encodings (proto3: absent = default). */
const CANONICAL = { longs: String, enums: Number, bytes: String, defaults: true, arrays: true, json: true };

export interface DecodedAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  /** a number, or "NaN" / "Infinity" / "-Infinity" */
  doubleValue?: number | string;
  arrayValue?: { values: DecodedAnyValue[] };
  kvlistValue?: { values: DecodedKeyValue[] };
  /** base64 */
  bytesValue?: string;
}
export interface DecodedKeyValue {
  key: string;
  value: DecodedAnyValue | null;
}
export interface DecodedEvent {
  timeUnixNano: string;
  name: string;
  attributes: DecodedKeyValue[];
  droppedAttributesCount: number;
}
export interface DecodedLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: DecodedKeyValue[];
  droppedAttributesCount: number;
  flags: number;
}
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  traceState: string;
  parentSpanId: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: DecodedKeyValue[];
  droppedAttributesCount: number;
  events: DecodedEvent[];
  droppedEventsCount: number;
  links: DecodedLink[];
  droppedLinksCount: number;
  status: { message: string; code: number } | null;
}
export interface DecodedRequest {
  resourceSpans: Array<{
    /** `entityRefs`: a newer Resource field (always empty from tracewire) */
    resource: { attributes: DecodedKeyValue[]; droppedAttributesCount: number; entityRefs: unknown[] } | null;
    scopeSpans: Array<{
      scope: { name: string; version: string; attributes: DecodedKeyValue[]; droppedAttributesCount: number } | null;
      spans: DecodedSpan[];
      schemaUrl: string;
    }>;
    schemaUrl: string;
  }>;
}

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** the client's port: the same port on two requests means the connection was kept alive */
  readonly remotePort: number | undefined;
  /** the body as it arrived (compressed when it was) */
  readonly raw: Buffer;
  /** the body after gunzip */
  readonly body: Buffer;
  readonly encoding: 'protobuf' | 'json';
  readonly decoded: DecodedRequest;
  /** every span of the request, in order */
  readonly spans: DecodedSpan[];
}

export type ReceiverReply =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer }
  | { partialSuccess: { rejectedSpans: number; errorMessage?: string } }
  /** never answer (the exporter's deadline must end it) */
  | 'hang'
  /** close the connection without a response */
  | 'destroy';

export interface OtlpReceiver {
  /** base URL, e.g. http://127.0.0.1:40123 (for OTEL_EXPORTER_OTLP_ENDPOINT) */
  readonly url: string;
  /** `${url}/v1/traces` */
  readonly tracesUrl: string;
  readonly port: number;
  /** requests decoded so far (a request that failed to decode is in `errors` instead) */
  readonly requests: ReceivedRequest[];
  readonly errors: Error[];
  /** requests answered so far, whatever the reply */
  readonly hits: number;
  /** replies for the next requests, in order; once used up, requests get 200 with an empty body */
  reply(...replies: ReceiverReply[]): void;
  /** every span of every decoded request */
  spans(): DecodedSpan[];
  /** waits until `count` requests arrived (bounded: throws after `timeoutMs`) */
  waitForHits(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Decodes an OTLP/JSON body with the generated code: hex ids become bytes first (SPEC-NOTES 7.3). */
export function decodeJson(body: Buffer): DecodedRequest {
  const parsed = JSON.parse(body.toString('utf8')) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> };
  for (const resourceSpans of parsed.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        hexIdsToBytes(span);
        for (const link of (span.links as Array<Record<string, unknown>> | undefined) ?? []) hexIdsToBytes(link);
      }
    }
  }
  return canonical(ExportTraceServiceRequest.fromObject(parsed));
}

export function decodeProtobuf(body: Buffer): DecodedRequest {
  return canonical(ExportTraceServiceRequest.decode(body));
}

function hexIdsToBytes(object: Record<string, unknown>): void {
  for (const key of ['traceId', 'spanId', 'parentSpanId']) {
    const value = object[key];
    if (typeof value !== 'string') continue;
    if (!/^([0-9a-fA-F]{2})*$/.test(value)) throw new Error(`${key} is not hex: ${value}`);
    object[key] = Buffer.from(value, 'hex');
  }
}

function canonical(message: object): DecodedRequest {
  const object = ExportTraceServiceRequest.toObject(message, CANONICAL) as unknown as DecodedRequest;
  const toHex = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');
  for (const span of allSpans(object)) {
    span.traceId = toHex(span.traceId);
    span.spanId = toHex(span.spanId);
    span.parentSpanId = toHex(span.parentSpanId);
    for (const link of span.links) {
      link.traceId = toHex(link.traceId);
      link.spanId = toHex(link.spanId);
    }
  }
  return object;
}

function allSpans(request: DecodedRequest): DecodedSpan[] {
  return request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

/** KeyValue list → plain object of decoded values, for readable assertions. */
export function attributeMap(list: readonly DecodedKeyValue[]): Record<string, DecodedAnyValue | null> {
  return Object.fromEntries(list.map((kv) => [kv.key, kv.value]));
}

function partialSuccessBody(encoding: 'protobuf' | 'json', partial: { rejectedSpans: number; errorMessage?: string }): { type: string; body: Buffer } {
  const value = { partialSuccess: { rejectedSpans: partial.rejectedSpans, errorMessage: partial.errorMessage ?? '' } };
  if (encoding === 'json') {
    const json = { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage ?? '' } };
    return { type: 'application/json', body: Buffer.from(JSON.stringify(json)) };
  }
  const bytes = ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(value)).finish();
  return { type: 'application/x-protobuf', body: Buffer.from(bytes) };
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const errors: Error[] = [];
  const script: ReceiverReply[] = [];
  let hits = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hits++;
      const raw = Buffer.concat(chunks);
      const encoding = /json/i.test(req.headers['content-type'] ?? '') ? 'json' : 'protobuf';
      try {
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const decoded = encoding === 'json' ? decodeJson(body) : decodeProtobuf(body);
        requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, remotePort: req.socket.remotePort, raw, body, encoding, decoded, spans: allSpans(decoded) });
      } catch (error) {
        errors.push(error instanceof Error ? error : new Error(String(error)));
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`undecodable: ${String(error)}`);
        return;
      }
      const next = script.shift();
      if (next === 'hang') return;
      if (next === 'destroy') return void req.socket.destroy();
      if (next === undefined) return void res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
      if ('partialSuccess' in next) {
        const { type, body } = partialSuccessBody(encoding, next.partialSuccess);
        return void res.writeHead(200, { 'content-type': type }).end(body);
      }
      res.writeHead(next.status, next.headers).end(next.body);
    });
  });
  const port = await listenOn(server);
  const url = `http://${HOST}:${port}`;
  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    port,
    requests,
    errors,
    get hits() {
      return hits;
    },
    reply: (...replies) => void script.push(...replies),
    spans: () => requests.flatMap((request) => request.spans),
    async waitForHits(count, timeoutMs = 10_000) {
      for (let waited = 0; hits < count; waited += 10) {
        if (waited >= timeoutMs) throw new Error(`expected ${count} requests at the OTLP receiver, got ${hits}`);
        await sleep(10);
      }
    },
    close: () => closeServer(server),
  };
}
