/**
 * Options > env vars (signal-specific over general) > defaults, resolved once at construction
 * (SPEC-NOTES 0.7, 7.1). An invalid option throws a TracewireError; an invalid env value is
 * warned about once and ignored, so the next source in line applies.
 */
import { type Env, TracewireError, invalidOption, readEnum, readInteger, readString, warnInvalidEnv } from '@tracewire/core';
import type { OtlpCompression, OtlpProtocol, OtlpTraceExporterConfig, OtlpTraceExporterOptions } from '../types';
import { DEFAULT_ENDPOINT, urlAsIs, urlFromBase } from './endpoint';
import { RESERVED_HEADERS, isHeaderName, isHeaderValue, parseHeaderList } from './headers';

const SIGNAL = 'OTEL_EXPORTER_OTLP_TRACES_';
const GENERAL = 'OTEL_EXPORTER_OTLP_';
export const DEFAULT_TIMEOUT_MILLIS = 10_000;
const MAX_TIMEOUT_MILLIS = 2 ** 31 - 1;
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const COMPRESSIONS: readonly OtlpCompression[] = ['gzip', 'none'];

/** `read(env, name)` for the signal-specific variable, else for the general one. */
function either<T>(env: Env, suffix: string, read: (env: Env, name: string) => T | undefined): T | undefined {
  return read(env, SIGNAL + suffix) ?? read(env, GENERAL + suffix);
}

function resolveUrl(options: OtlpTraceExporterOptions, env: Env): string {
  if (options.url !== undefined && options.endpoint !== undefined) {
    throw new TracewireError('TW_ERR_INVALID_OPTION', 'tracewire: give the OTLP exporter either "url" or "endpoint", not both');
  }
  if (options.url !== undefined) return checkedUrl('url', options.url, urlAsIs);
  if (options.endpoint !== undefined) return checkedUrl('endpoint', options.endpoint, urlFromBase);
  return (
    envUrl(env, `${SIGNAL}ENDPOINT`, urlAsIs) ?? envUrl(env, `${GENERAL}ENDPOINT`, urlFromBase) ?? urlFromBase(DEFAULT_ENDPOINT)!
  );
}

function checkedUrl(option: string, value: unknown, build: (value: string) => string | undefined): string {
  const url = typeof value === 'string' ? build(value) : undefined;
  if (url === undefined) throw invalidOption(option, value, 'an http:// or https:// URL');
  return url;
}

function envUrl(env: Env, name: string, build: (value: string) => string | undefined): string | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  const url = build(value);
  if (url === undefined) warnInvalidEnv(name, value, 'an http:// or https:// URL');
  return url;
}

function envHeaders(env: Env): Record<string, string> {
  for (const name of [`${SIGNAL}HEADERS`, `${GENERAL}HEADERS`]) {
    const value = readString(env, name);
    if (value === undefined) continue;
    const parsed = parseHeaderList(value);
    for (const pair of parsed.skipped) warnInvalidEnv(name, pair, 'key=value pairs with a valid header name and a percent-encoded value');
    return withoutReserved(parsed.headers);
  }
  return {};
}

function withoutReserved(headers: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(headers)) if (RESERVED_HEADERS.has(name)) delete headers[name];
  return headers;
}

function codeHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidOption('headers', value, 'an object of header names to string values');
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value as Record<string, unknown>)) {
    if (!isHeaderName(name)) throw invalidOption('headers', name, 'valid HTTP header names');
    if (typeof headerValue !== 'string' || !isHeaderValue(headerValue)) {
      throw invalidOption(`headers.${name}`, headerValue, 'a string without control characters');
    }
    headers[name.toLowerCase()] = headerValue;
  }
  return withoutReserved(headers);
}

function resolveTimeout(value: unknown, env: Env): number {
  if (value === undefined) return either(env, 'TIMEOUT', readInteger) ?? DEFAULT_TIMEOUT_MILLIS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIMEOUT_MILLIS) {
    throw invalidOption('timeoutMillis', value, `an integer number of milliseconds from 0 to ${MAX_TIMEOUT_MILLIS} (0 = no limit)`);
  }
  return value;
}

function resolveProtocol(value: unknown, env: Env): OtlpProtocol {
  if (value === undefined) {
    return either(env, 'PROTOCOL', (e, name) => {
      const raw = readString(e, name);
      if (raw?.toLowerCase() === 'grpc') {
        // SPEC-NOTES 7.1: not implemented, so an unsupported value; http/protobuf is the default
        warnInvalidEnv(name, raw, 'http/protobuf or http/json (grpc is not supported by tracewire; using http/protobuf)');
        return undefined;
      }
      return readEnum(e, name, PROTOCOLS);
    }) ?? 'http/protobuf';
  }
  if (!PROTOCOLS.includes(value as OtlpProtocol)) {
    throw invalidOption('protocol', value, '"http/protobuf" or "http/json" (grpc is not supported by tracewire)');
  }
  return value as OtlpProtocol;
}

function resolveCompression(value: unknown, env: Env): OtlpCompression {
  if (value === undefined) return either(env, 'COMPRESSION', (e, name) => readEnum(e, name, COMPRESSIONS)) ?? 'none';
  if (!COMPRESSIONS.includes(value as OtlpCompression)) throw invalidOption('compression', value, '"gzip" or "none"');
  return value as OtlpCompression;
}

export function resolveConfig(options: OtlpTraceExporterOptions): OtlpTraceExporterConfig {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  const env: Env = options.env ?? process.env;
  return Object.freeze({
    url: resolveUrl(options, env),
    headers: Object.freeze({ ...envHeaders(env), ...codeHeaders(options.headers) }),
    timeoutMillis: resolveTimeout(options.timeoutMillis, env),
    compression: resolveCompression(options.compression, env),
    protocol: resolveProtocol(options.protocol, env),
  });
}
