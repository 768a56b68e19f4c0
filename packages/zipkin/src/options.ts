/**
 * The exporter's settings: code options over `OTEL_EXPORTER_ZIPKIN_*` over defaults (SPEC-NOTES
 * §0.7, §8.1). A bad code option throws at construction; a bad env value warns once and is ignored.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { invalidOption, readInteger, readString, warnInvalidEnv, type Env } from '@tracewire/core';
import type { ZipkinExporterOptions } from './types';

export const DEFAULT_URL = 'http://localhost:9411/api/v2/spans';
export const DEFAULT_TIMEOUT_MILLIS = 10_000;
/** setTimeout's largest delay. */
const MAX_MILLIS = 2 ** 31 - 1;

export interface ResolvedOptions {
  readonly url: URL;
  /** 0 = no deadline */
  readonly timeoutMillis: number;
  readonly headers: Readonly<Record<string, string>>;
}

export function resolveOptions(options: ZipkinExporterOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  const env: Env = options.env ?? process.env;
  return {
    url: options.url !== undefined ? codeUrl(options.url) : envUrl(env),
    timeoutMillis: options.timeoutMillis !== undefined ? codeTimeout(options.timeoutMillis) : envTimeout(env),
    headers: codeHeaders(options.headers),
  };
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function codeUrl(value: unknown): URL {
  const url = typeof value === 'string' || value instanceof URL ? parseHttpUrl(String(value)) : undefined;
  if (url === undefined) throw invalidOption('url', value, 'an http:// or https:// URL');
  return url;
}

function envUrl(env: Env): URL {
  const value = readString(env, 'OTEL_EXPORTER_ZIPKIN_ENDPOINT');
  if (value === undefined) return new URL(DEFAULT_URL);
  const url = parseHttpUrl(value);
  if (url !== undefined) return url;
  warnInvalidEnv('OTEL_EXPORTER_ZIPKIN_ENDPOINT', value, 'an http:// or https:// URL');
  return new URL(DEFAULT_URL);
}

function codeTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MILLIS) {
    throw invalidOption('timeoutMillis', value, `an integer number of milliseconds from 0 to ${MAX_MILLIS}`);
  }
  return value;
}

function envTimeout(env: Env): number {
  return readInteger(env, 'OTEL_EXPORTER_ZIPKIN_TIMEOUT') ?? DEFAULT_TIMEOUT_MILLIS;
}

function codeHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const valid =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string');
  if (!valid) throw invalidOption('headers', value, 'an object of header names to string values');
  for (const [name, item] of Object.entries(value as Record<string, string>)) {
    try {
      // checked now, so a bad header fails at setup instead of failing every export
      validateHeaderName(name);
      validateHeaderValue(name, item);
    } catch {
      throw invalidOption('headers', value, `valid HTTP header names and values (not ${JSON.stringify(name)})`);
    }
  }
  return { ...(value as Record<string, string>) };
}
