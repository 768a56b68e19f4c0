/**
 * `propagateTo` compiled once into one predicate over a request's destination, so the per-request
 * cost is a few string comparisons. The URL object a function target wants is built only when
 * such a target exists.
 */
import { invalidOption } from '@tracewire/core';
import type { PropagateTarget } from './types';

/** A request's destination as both instrumentations know it without parsing a URL. */
export interface Destination {
  /** `http://host:port` (port only when not the scheme's default) */
  readonly origin: string;
  /** `host` or `host:port`, as in the origin */
  readonly host: string;
  /** host name without port (IPv6 without brackets) */
  readonly hostname: string;
  /** path and query */
  readonly path: string;
}

export type DestinationMatcher = (destination: Destination) => boolean;

const ALL: DestinationMatcher = () => true;

function wildcard(pattern: string): RegExp {
  const source = pattern.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`);
}

function compileOne(target: PropagateTarget): DestinationMatcher {
  if (typeof target === 'function') {
    return (d) => {
      try {
        return target(new URL(d.origin + d.path)) === true;
      } catch {
        return false; // a throwing predicate sends no headers: the safe side
      }
    };
  }
  if (target instanceof RegExp) {
    // a /g or /y RegExp keeps lastIndex between calls: test a copy without them
    const re = target.global || target.sticky ? new RegExp(target.source, target.flags.replace(/[gy]/g, '')) : target;
    return (d) => re.test(d.origin + d.path);
  }
  if (typeof target === 'string' && target.trim() !== '') {
    const pattern = target.trim().replace(/\/+$/, '');
    const re = wildcard(pattern);
    if (pattern.includes('://')) return (d) => re.test(d.origin);
    return (d) => re.test(d.host) || re.test(d.hostname);
  }
  throw invalidOption('propagateTo', target, 'host or origin strings (with * wildcards), RegExps, or functions of the URL');
}

export function compilePropagateTo(option: PropagateTarget | PropagateTarget[] | undefined): DestinationMatcher {
  if (option === undefined) return ALL;
  const targets = Array.isArray(option) ? option : [option];
  const matchers = targets.map(compileOne);
  if (matchers.length === 1) return matchers[0]!;
  return (d) => matchers.some((match) => match(d));
}
