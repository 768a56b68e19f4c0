/**
 * Fresh, mutable copies of core's log fields, as cheap as V8 allows.
 *
 * Why copy at all: pino's default `mixinMergeStrategy` is `Object.assign(mixinResult, mergeObject)`
 * — it writes the line's own keys into whatever the mixin returned. Core's fields are frozen and
 * shared by every line of a request, so handing them out would throw (frozen) or, unfrozen, leak one
 * line's keys into the next.
 *
 * Why compile: copying a small frozen object costs ~60-80 ns on Node 20 whichever generic way is
 * used (spread, `Object.assign({}, …)`, a for-in loop), and the copy then serialises slower in
 * pino. An object literal with the keys written out costs ~1 ns and gets a fast, stable shape. So
 * one tiny function per key list is compiled; a preset yields one or two key lists (ECS: with and
 * without `span`; request id and baggage entries: present or not), so very few are ever made.
 */
import type { LogFields } from '@tracewire/core';

export type FieldsCopier = (fields: LogFields) => Record<string, unknown>;

/** Beyond this many distinct key lists (many baggage keys), copies take the generic path. */
const MAX_COMPILED = 64;

/** Generic path: spread defines own data properties, so even a key named `__proto__` stays a key. */
const spreadCopy: FieldsCopier = (fields) => ({ ...fields });

const byKeyList = new Map<string, FieldsCopier>();
/** Which copier suits a fields object: core caches one object per context, so one lookup per line. */
const byFields = new WeakMap<LogFields, FieldsCopier>();
let canCompile = true;

function compile(keys: readonly string[]): FieldsCopier {
  // `__proto__: v` in a literal would set the prototype instead of a key
  if (!canCompile || keys.includes('__proto__')) return spreadCopy;
  // JSON.stringify gives a valid JS string literal for any key; keys come from options, values
  // (request data) are only ever read at run time, never compiled
  const body = keys.map((key) => `${JSON.stringify(key)}: f[${JSON.stringify(key)}]`).join(', ');
  try {
    return new Function('f', `return { ${body} };`) as FieldsCopier;
  } catch {
    // code generation from strings disabled (--disallow-code-generation-from-strings, a CSP)
    canCompile = false;
    return spreadCopy;
  }
}

function copierFor(fields: LogFields): FieldsCopier {
  const keys = Object.keys(fields);
  const id = keys.join('\u0000');
  let copier = byKeyList.get(id);
  if (copier === undefined) {
    if (byKeyList.size >= MAX_COMPILED) copier = spreadCopy;
    else byKeyList.set(id, (copier = compile(keys)));
  }
  byFields.set(fields, copier);
  return copier;
}

/** A fresh shallow copy of `fields` (nested objects, e.g. ECS `trace`, stay shared and frozen). */
export function copyFields(fields: LogFields): Record<string, unknown> {
  return (byFields.get(fields) ?? copierFor(fields))(fields);
}
