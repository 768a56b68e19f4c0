/**
 * tracewire's one context store as @opentelemetry/api's global ContextManager: `context.active()`
 * is tracewire's active context, `context.with()` is tracewire's `run()`, and `bind()` is
 * tracewire's `bind`/`bindEmitter`. There is no second AsyncLocalStorage.
 */
import { EventEmitter } from 'node:events';
import type { Context, ContextManager } from '@opentelemetry/api';
import { active, bind, bindEmitter, run } from '@tracewire/core';
import { bridged, toTracewireContext } from './bridged-context';

function applyWith(fn: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  return fn.apply(self, args);
}

export class TracewireContextManager implements ContextManager {
  active(): Context {
    return bridged(active());
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return run(toTracewireContext(context), applyWith, fn as unknown as (...a: unknown[]) => unknown, thisArg, args) as ReturnType<F>;
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target === 'function') return bind(target as (...args: unknown[]) => unknown, toTracewireContext(context)) as T;
    if (target instanceof EventEmitter) return bindEmitter(target, toTracewireContext(context)) as T;
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}
