/**
 * Reading and entering the active TraceContext. `run` scopes a context to a callback and
 * everything asynchronous it starts; there is deliberately no `enterWith` (it leaks into the next
 * keep-alive request, DESIGN §6).
 */
import type { EventEmitter } from 'node:events';
import type { BaggageLike, CurrentIds, Span, TraceContext } from '../types';
import { type EmitterBinding, type ExternalContextSource, registry } from './registry';

const storage = registry.storage;
const emitterBindings: WeakMap<object, EmitterBinding> = (registry.emitterBindings ??= new WeakMap());

/**
 * The empty context: no span, no baggage. Starting a span in it starts a new trace, whatever is
 * active — unlike `undefined`, which APIs taking an optional context read as "the active one".
 */
export const ROOT_CONTEXT: TraceContext = Object.freeze({
  span: undefined,
  baggage: undefined,
  requestId: undefined,
  suppressTracing: undefined,
  values: undefined,
});

/**
 * The context the current code runs in, or undefined outside any trace. While another tracer owns
 * the spans (`setExternalContextSource`), its active span is the one in the answer.
 */
export function active(): TraceContext | undefined {
  const external = registry.externalContext;
  return external === undefined ? storage.getStore() : external(storage.getStore());
}

/** The active span, if any. */
export function activeSpan(): Span | undefined {
  return active()?.span;
}

/** Ids of the active span for log lines, or undefined outside a trace. Hot path: no allocation. */
export function currentIds(): CurrentIds | undefined {
  const span = active()?.span;
  return span === undefined ? undefined : span.ids();
}

/**
 * Lets another tracer own the spans (what @tracewire/otel-bridge's `followOpenTelemetry()` does):
 * `active()` then answers with that tracer's active span, server adapters continue its SERVER span
 * instead of opening their own, and outbound instrumentation leaves calls to it. `undefined`
 * restores tracewire's own context. Process-wide.
 */
export function setExternalContextSource(source: ExternalContextSource | undefined): void {
  registry.externalContext = source;
}

/** Whether another tracer owns the spans (see `setExternalContextSource`). */
export function hasExternalContextSource(): boolean {
  return registry.externalContext !== undefined;
}

/** The other tracer's active context when it has a span active (undefined otherwise or without one). */
export function externalContext(): TraceContext | undefined {
  const external = registry.externalContext;
  if (external === undefined) return undefined;
  const context = external(undefined);
  return context?.span === undefined ? undefined : context;
}

/** Runs `fn` with `context` active (undefined = no context) and returns its result. */
export function run<A extends unknown[], R>(context: TraceContext | undefined, fn: (...args: A) => R, ...args: A): R {
  return storage.run(context as TraceContext, fn, ...args);
}

/** `fn.apply(self, args)` as a plain function, so `storage.run` needs no closure per call. */
function applyWith(fn: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  return fn.apply(self, args);
}

/**
 * Returns `fn` wrapped so it always runs in `context` (default: the context active now) — for
 * callbacks handed to pools or queues that would otherwise run in a stranger's context.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any[] is what lets F be any callback
export function bind<F extends (...args: any[]) => unknown>(fn: F, context: TraceContext | undefined = active()): F {
  const bound = function (this: unknown, ...args: unknown[]) {
    return storage.run(context as TraceContext, applyWith, fn as (...a: unknown[]) => unknown, this, args);
  };
  return bound as unknown as F;
}

/** The one `emit` every bound emitter shares: no closure per emitter, none per event. */
function boundEmit(this: EventEmitter, ...args: unknown[]): boolean {
  const binding = emitterBindings.get(this);
  if (binding === undefined) return (Object.getPrototypeOf(this) as EventEmitter).emit.apply(this, args as [string]);
  return storage.run(binding.context as TraceContext, applyWith, binding.emit, this, args) as boolean;
}

/**
 * Makes every listener of `emitter` run in `context` (default: the active one), by replacing
 * `emit` once rather than wrapping each listener (wrapping every listener costs ~25 % of Express
 * throughput, DESIGN §6). The replacement is one shared function; the context and the original
 * `emit` live in a side table shared by every copy of core, so binding adds one property to the
 * emitter, and binding again — from any copy — only re-targets the context.
 */
export function bindEmitter<E extends EventEmitter>(emitter: E, context: TraceContext | undefined = active()): E {
  const existing = emitterBindings.get(emitter);
  if (existing !== undefined) {
    existing.context = context;
    return emitter;
  }
  emitterBindings.set(emitter, { context, emit: emitter.emit as (...args: unknown[]) => boolean });
  emitter.emit = boundEmit;
  return emitter;
}

/**
 * Every derived context has the same five fields in the same order: one hidden class, so the
 * per-log-line `getStore()?.span` read stays monomorphic, and no object spread (measured ~30x
 * slower than a literal on V8 for these small objects).
 */
function derive(
  span: Span | undefined,
  baggage: BaggageLike | undefined,
  requestId: string | undefined,
  suppressTracing: boolean | undefined,
  values: ReadonlyMap<symbol, unknown> | undefined,
): TraceContext {
  return { span, baggage, requestId, suppressTracing, values };
}

/**
 * A new context with `span` active, keeping the rest of `context` — and, when given, carrying
 * `requestId` too (a server request sets both at once: one context, not two).
 */
export function withSpan(context: TraceContext | undefined, span: Span, requestId: string | undefined = context?.requestId): TraceContext {
  return derive(span, context?.baggage, requestId, context?.suppressTracing, context?.values);
}

/** A new context with `baggage`, keeping the rest of `context`. */
export function withBaggage(context: TraceContext | undefined, baggage: BaggageLike | undefined): TraceContext {
  return derive(context?.span, baggage, context?.requestId, context?.suppressTracing, context?.values);
}

/** A new context carrying `requestId`, keeping the rest of `context`. */
export function withRequestId(context: TraceContext | undefined, requestId: string | undefined): TraceContext {
  return derive(context?.span, context?.baggage, requestId, context?.suppressTracing, context?.values);
}

/** A new context carrying an adapter-defined value under `key`. */
export function withValue(context: TraceContext | undefined, key: symbol, value: unknown): TraceContext {
  const values = new Map(context?.values);
  values.set(key, value);
  return derive(context?.span, context?.baggage, context?.requestId, context?.suppressTracing, values);
}

/** The context tracewire's own export traffic runs in: nothing in it is traced or injected. */
export function suppressTracing(context: TraceContext | undefined = active()): TraceContext {
  return derive(context?.span, context?.baggage, context?.requestId, true, context?.values);
}

export function isTracingSuppressed(context: TraceContext | undefined = active()): boolean {
  return context?.suppressTracing === true;
}
