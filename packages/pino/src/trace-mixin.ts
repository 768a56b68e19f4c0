/**
 * `pino({ mixin: traceMixin() })`: every line logged inside a trace gets the active span's ids,
 * read at the log call (so child loggers, pino-http and worker-thread transports all see the ids of
 * the line's own request), in the field layout of the chosen preset (core's `createLogFields`).
 */
import { TracewireError, createLogFields, reportError } from '@tracewire/core';
import { copyFields } from './copy-fields';
import { kTraceMixin } from './internal/symbols';
import type { PinoMixin, TraceMixinOptions } from './types';

type UserMixin = (mergeObject: object, level: number, logger: unknown) => object;

/**
 * The pino mixin. Options are checked here, once: a bad one throws a `TracewireError`
 * (`TW_ERR_INVALID_OPTION`); the returned mixin itself never throws.
 */
export function traceMixin<CustomLevels extends string = never>(options: TraceMixinOptions<CustomLevels> = {}): PinoMixin<CustomLevels> {
  // validates everything but `mixin` (non-object options included) and fixes the layout
  const fieldsOf = createLogFields(options);
  const user = options.mixin as UserMixin | undefined;
  if (user !== undefined && typeof user !== 'function') {
    throw new TracewireError('TW_ERR_INVALID_OPTION', `tracewire: option "mixin" must be a function, got ${typeof user}`);
  }

  // Outside a trace: a new `{}`, never a shared one — pino assigns the line's keys into it, so a
  // shared object would carry them into every later line (and a frozen one would make pino throw).
  // An empty literal is the cheapest allocation V8 has: bench/micro/pino.js measures a mixin
  // returning `{}` within noise of no mixin at all.
  const mixin: PinoMixin<CustomLevels> =
    user === undefined
      ? function traceMixin() {
          const fields = fieldsOf();
          return fields === undefined ? {} : copyFields(fields);
        }
      : withUserMixin(fieldsOf, user);
  Object.defineProperty(mixin, kTraceMixin, { value: true });
  return mixin;
}

/** Ours first, then the user's keys over them; a throwing user mixin costs its keys, not the line. */
function withUserMixin<CustomLevels extends string>(fieldsOf: ReturnType<typeof createLogFields>, user: UserMixin): PinoMixin<CustomLevels> {
  let reported = false;
  return function traceMixinWithUserMixin(mergeObject: object, level: number, logger: unknown) {
    const fields = fieldsOf();
    let theirs: unknown;
    try {
      theirs = user(mergeObject, level, logger);
    } catch (error) {
      if (!reported) {
        reported = true;
        reportError(error, '@tracewire/pino: the mixin passed to traceMixin() (further errors are not reported)');
      }
    }
    // pino's own merge would throw on a mixin returning null/undefined: treat it as "no keys"
    const hasTheirs = typeof theirs === 'object' && theirs !== null;
    if (fields === undefined) return hasTheirs ? (theirs as object) : {};
    const out = copyFields(fields);
    return hasTheirs ? Object.assign(out, theirs) : out;
  };
}
