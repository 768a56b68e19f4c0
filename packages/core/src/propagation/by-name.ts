/**
 * Propagators by their `OTEL_PROPAGATORS` names. `tracecontext`, `baggage`, `b3`, `b3multi`,
 * `jaeger`, `xtraceid` (legacy id headers, read only) and `none` are built in; further formats
 * register themselves here (one mechanism for all of them).
 */
import { registry } from '../context/registry';
import { TracewireError } from '../errors';
import type { TextMapPropagator } from '../types';
import { B3Propagator } from './b3';
import { CompositePropagator } from './composite';
import { JaegerPropagator } from './jaeger';
import { LegacyTraceIdPropagator } from './legacy-trace-id';
import { W3CBaggagePropagator } from './w3c-baggage';
import { W3CTraceContextPropagator } from './w3c-trace-context';

// Shared by every copy of core, so a format registered through one copy is known to all.
const factories = registry.propagatorFactories;
const BUILT_IN: ReadonlyArray<readonly [string, () => TextMapPropagator]> = [
  ['tracecontext', () => new W3CTraceContextPropagator()],
  ['baggage', () => new W3CBaggagePropagator()],
  ['b3', () => new B3Propagator()],
  ['b3multi', () => new B3Propagator({ inject: 'multi' })],
  ['jaeger', () => new JaegerPropagator()],
  ['xtraceid', () => new LegacyTraceIdPropagator()],
];
for (const [name, factory] of BUILT_IN) if (!factories.has(name)) factories.set(name, factory);

export const DEFAULT_PROPAGATORS: readonly string[] = Object.freeze(['tracecontext', 'baggage']);

/** Makes `name` usable in `OTEL_PROPAGATORS` and `createPropagator`. */
export function registerPropagator(name: string, factory: () => TextMapPropagator): void {
  factories.set(name.toLowerCase(), factory);
}

export function isKnownPropagator(name: string): boolean {
  return name === 'none' || factories.has(name.toLowerCase());
}

export function knownPropagatorNames(): string[] {
  return ['none', ...factories.keys()];
}

/**
 * One propagator for a list of names (case-insensitive, duplicates removed, order kept).
 * `none` anywhere means "propagate nothing". An unknown name throws TW_ERR_UNKNOWN_PROPAGATOR;
 * callers reading env vars filter unknown names out (with a warning) first.
 */
export function createPropagator(names: readonly string[] = DEFAULT_PROPAGATORS): TextMapPropagator {
  const unique = [...new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n !== ''))];
  for (const name of unique) {
    if (!isKnownPropagator(name)) {
      throw new TracewireError(
        'TW_ERR_UNKNOWN_PROPAGATOR',
        `tracewire: unknown propagator ${JSON.stringify(name)}; known: ${knownPropagatorNames().join(', ')}`,
      );
    }
  }
  if (unique.includes('none')) return new CompositePropagator([]);
  return new CompositePropagator(unique.map((name) => factories.get(name)!()));
}
