/**
 * Paths as Express was given them, turned into the text of a route template (SPEC-NOTES §5.1:
 * low cardinality, never the raw URL). A string is used as it is; a RegExp as its source text
 * (`/^\/x$/i`); an array as its elements joined with `,` (Express does not record which one matched).
 */

/** A path given to Express as it appears in a span name, or undefined for anything else. */
export function formatPath(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) {
    const parts = path.map(formatPath).filter((part): part is string => part !== undefined);
    return parts.length === 0 ? undefined : parts.join(',');
  }
  return undefined;
}

/** `mount` + `path` without a doubled or trailing slash (`/api` + `/` is `/api`). */
export function joinTemplate(mount: string, path: string): string {
  if (mount === '') return path;
  if (path === '/' || path === '') return mount;
  return path.startsWith('/') ? mount + path : `${mount}/${path}`;
}

function stripTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * For a mount path Express did not keep (Express 4 routers): the matched prefix with each
 * parameter's value put back as `:name`, left to right — a whole segment when one equals the
 * value, else the value's first occurrence inside a segment (`/file-:id`).
 */
export function templateFromValues(matched: string, names: readonly string[], params: Readonly<Record<string, unknown>> | undefined): string {
  const segments = matched.split('/');
  let from = 0;
  for (const name of names) {
    const value = params?.[name];
    if (typeof value !== 'string' || value === '') continue;
    let index = segments.findIndex((segment, i) => i >= from && segment !== '' && decodeSegment(segment) === value);
    if (index !== -1) {
      segments[index] = `:${name}`;
    } else {
      const encoded = encodeURIComponent(value);
      index = segments.findIndex((segment, i) => i >= from && (segment.includes(encoded) || segment.includes(value)));
      if (index === -1) continue;
      const segment = segments[index]!;
      segments[index] = segment.replace(segment.includes(encoded) ? encoded : value, `:${name}`);
    }
    from = index + 1;
  }
  return stripTrailingSlashes(segments.join('/'));
}

/**
 * The template of the part of the URL a mount consumed: from the path it was mounted with when
 * Express kept it (`given`), else rebuilt from the matched part and the parameters.
 */
export function mountTemplate(
  given: unknown,
  consumed: string,
  names: readonly string[],
  params: Readonly<Record<string, unknown>> | undefined,
): string {
  if (typeof given === 'string') return stripTrailingSlashes(given);
  const formatted = formatPath(given);
  if (formatted !== undefined) return formatted;
  return consumed === '' ? '' : templateFromValues(consumed, names, params);
}
