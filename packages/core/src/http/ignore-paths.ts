/**
 * Which requests get context and log ids but no recorded span: health checks and metrics scrapes
 * by default (they would drown real traffic). Users add paths or patterns, or replace the defaults.
 */
import { invalidOption } from '../errors';

export const DEFAULT_IGNORED_PATHS: readonly string[] = Object.freeze(['/health', '/healthz', '/readyz', '/livez', '/metrics']);

export type IgnorePathMatcher = (path: string) => boolean;

export function createIgnoreMatcher(paths: ReadonlyArray<string | RegExp> | undefined, replaceDefaults: boolean): IgnorePathMatcher {
  if (paths !== undefined && !Array.isArray(paths)) throw invalidOption('ignorePaths', paths, 'an array of paths (strings) or RegExps');
  const exact = new Set<string>(replaceDefaults ? [] : DEFAULT_IGNORED_PATHS);
  const patterns: RegExp[] = [];
  for (const item of paths ?? []) {
    if (typeof item === 'string' && item.startsWith('/')) exact.add(item);
    else if (item instanceof RegExp) patterns.push(item);
    else throw invalidOption('ignorePaths', item, 'a path starting with "/" or a RegExp');
  }
  if (patterns.length === 0) return (path) => exact.has(path);
  return (path) => {
    if (exact.has(path)) return true;
    for (const pattern of patterns) {
      pattern.lastIndex = 0; // a /g or /y pattern keeps state between calls
      if (pattern.test(path)) return true;
    }
    return false;
  };
}
