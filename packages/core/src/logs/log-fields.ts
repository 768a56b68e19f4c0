/**
 * Log correlation fields for the active trace, in the shape each backend expects (SPEC-NOTES §10),
 * shared by the pino and winston integrations. Fields are computed once per context and cached
 * (a request logs many lines in the same context); outside a trace there are none. The returned
 * object is shared: callers that hand it to code which mutates it must copy it first.
 */
import { active } from '../context/store';
import { warnOnce } from '../diag';
import { invalidOption } from '../errors';
import { isValidSpanId, isValidTraceId } from '../ids';
import type { CurrentIds, TraceContext } from '../types';

export type LogFieldPreset = 'otel' | 'ecs' | 'datadog' | 'gcp';

export interface LogFieldsOptions {
  /** Field names and formats: `otel` (default), `ecs`, `datadog`, `gcp` (SPEC-NOTES §10). */
  preset?: LogFieldPreset;
  /** Custom key names for the `otel` preset's three fields. */
  keys?: { traceId?: string; spanId?: string; traceFlags?: string };
  /** `gcp`: the project id for `logging.googleapis.com/trace` (default `GOOGLE_CLOUD_PROJECT`). */
  gcpProjectId?: string;
  /** `datadog`: `dd.service` / `dd.env` / `dd.version` (default `DD_SERVICE`, `DD_ENV`, `DD_VERSION`). */
  datadog?: { service?: string; env?: string; version?: string; traceIdFormat?: 'decimal' | 'hex' };
  /** Add the request id under this key (`true` = `request_id`). Default off. */
  requestId?: boolean | string;
  /** Add these baggage entries, each under `baggage.<key>` (flat key). Default none. */
  baggageKeys?: string[];
  /** Environment to read defaults from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

export type LogFields = Readonly<Record<string, unknown>>;

/** Builds a preset's fields from ids; a pure function of the ids (plus fixed options). */
type PresetBuilder = (ids: CurrentIds) => Record<string, unknown>;

const PRESETS: readonly LogFieldPreset[] = ['otel', 'ecs', 'datadog', 'gcp'];

/** Low 64 bits of a hex id as an unsigned decimal string (Datadog's classic format, §10). */
export function hexToDecimal64(hex: string): string {
  return BigInt(`0x${hex.length > 16 ? hex.slice(-16) : hex}`).toString(10);
}

function keyOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw invalidOption(name, value, 'a non-empty string');
  return value;
}

function otelBuilder(options: LogFieldsOptions): PresetBuilder {
  const traceKey = keyOption('keys.traceId', options.keys?.traceId, 'trace_id');
  const spanKey = keyOption('keys.spanId', options.keys?.spanId, 'span_id');
  const flagsKey = keyOption('keys.traceFlags', options.keys?.traceFlags, 'trace_flags');
  return (ids) => ({ [traceKey]: ids.traceId, [spanKey]: ids.spanId, [flagsKey]: ids.traceFlags });
}

/** Elastic's rule: in the entry span only trace + transaction; in a child span also span.id. */
function ecsBuilder(): PresetBuilder {
  return (ids) =>
    ids.spanId === ids.localRootSpanId
      ? { trace: { id: ids.traceId }, transaction: { id: ids.localRootSpanId } }
      : { trace: { id: ids.traceId }, span: { id: ids.spanId }, transaction: { id: ids.localRootSpanId } };
}

function datadogBuilder(options: LogFieldsOptions, env: Record<string, string | undefined>): PresetBuilder {
  const dd = options.datadog ?? {};
  const format = dd.traceIdFormat ?? 'decimal';
  if (format !== 'decimal' && format !== 'hex') throw invalidOption('datadog.traceIdFormat', format, '"decimal" or "hex"');
  const extra: Record<string, string> = {};
  const service = dd.service ?? env.DD_SERVICE;
  const ddEnv = dd.env ?? env.DD_ENV;
  const version = dd.version ?? env.DD_VERSION;
  if (service) extra.service = service;
  if (ddEnv) extra.env = ddEnv;
  if (version) extra.version = version;
  return (ids) => ({
    dd: {
      trace_id: format === 'hex' ? ids.traceId : hexToDecimal64(ids.traceId),
      span_id: hexToDecimal64(ids.spanId),
      ...extra,
    },
  });
}

function gcpBuilder(options: LogFieldsOptions, env: Record<string, string | undefined>): PresetBuilder {
  const projectId = keyOption('gcpProjectId', options.gcpProjectId, env.GOOGLE_CLOUD_PROJECT ?? '') || undefined;
  if (projectId === undefined) {
    warnOnce('logs:gcp-project', 'log preset "gcp" without a project id (gcpProjectId or GOOGLE_CLOUD_PROJECT): logging.googleapis.com/trace is left out');
  }
  return (ids) => {
    const fields: Record<string, unknown> = {};
    if (projectId !== undefined) fields['logging.googleapis.com/trace'] = `projects/${projectId}/traces/${ids.traceId}`;
    fields['logging.googleapis.com/spanId'] = ids.spanId;
    fields['logging.googleapis.com/trace_sampled'] = ids.sampled;
    return fields;
  };
}

/** Freezes an object and the objects inside it (ecs, datadog nest theirs): lines share them. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}

/** The shared "no fields" marker cached for contexts whose span ids are not valid. */
const NO_FIELDS: LogFields = Object.freeze({});

/**
 * Validates options once (bad ones throw TW_ERR_INVALID_OPTION) and returns a function giving the
 * fields for a context — `undefined` (or no argument) means the active one, `null` means "no
 * context" (for code that captured the context earlier and found none) — or undefined when there
 * is no valid span context (SPEC-NOTES §10: add nothing then).
 */
export function createLogFields(options: LogFieldsOptions = {}): (context?: TraceContext | null) => LogFields | undefined {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  const preset = options.preset ?? 'otel';
  if (!PRESETS.includes(preset)) throw invalidOption('preset', preset, `one of ${PRESETS.join(', ')}`);
  const env = options.env ?? process.env;
  const build =
    preset === 'ecs' ? ecsBuilder() : preset === 'datadog' ? datadogBuilder(options, env) : preset === 'gcp' ? gcpBuilder(options, env) : otelBuilder(options);
  const requestIdKey = options.requestId === true ? 'request_id' : options.requestId === false || options.requestId === undefined ? undefined : keyOption('requestId', options.requestId, 'request_id');
  const baggageKeys = options.baggageKeys ?? [];
  if (!Array.isArray(baggageKeys) || baggageKeys.some((k) => typeof k !== 'string' || k === '')) {
    throw invalidOption('baggageKeys', baggageKeys, 'an array of baggage keys');
  }

  // one entry per context object: a context lives as long as its request (or span) does
  const cache = new WeakMap<TraceContext, LogFields>();
  return (given) => {
    const context = given === undefined ? active() : given ?? undefined;
    const span = context?.span;
    if (span === undefined) return undefined;
    let fields = cache.get(context!);
    if (fields === undefined) {
      const ids = span.ids();
      // a suppressed context without a parent carries all-zero ids: nothing to correlate
      if (!isValidTraceId(ids.traceId) || !isValidSpanId(ids.spanId)) {
        cache.set(context!, NO_FIELDS);
        return undefined;
      }
      const built = build(ids);
      if (requestIdKey !== undefined && context!.requestId) built[requestIdKey] = context!.requestId;
      for (const key of baggageKeys) {
        const entry = context!.baggage?.get(key);
        if (entry !== undefined) built[`baggage.${key}`] = entry.value;
      }
      fields = deepFreeze(built);
      cache.set(context!, fields);
    }
    return fields === NO_FIELDS ? undefined : fields;
  };
}
