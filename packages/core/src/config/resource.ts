/**
 * The Resource every span carries: who produced it. Precedence per SPEC-NOTES 4.8: code options >
 * OTEL_SERVICE_NAME > OTEL_RESOURCE_ATTRIBUTES > defaults (service name, `host.name`,
 * `process.pid`, as OTel's host and process detectors give them); SDK attributes are always set.
 */
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { AttributeValue, Resource } from '../types';
import { type Env, readString, warnInvalidEnv } from './env';
import { SDK_NAME, SDK_VERSION } from './version';

export interface ResourceOptions {
  serviceName?: string;
  serviceVersion?: string;
  resourceAttributes?: Record<string, AttributeValue>;
}

/**
 * Parses `k1=v1,k2=v2` with percent-decoded keys and values. Any decoding error discards the
 * whole variable (SPEC-NOTES 4.8) and is reported once.
 */
export function parseResourceAttributes(env: Env): Record<string, string> {
  const value = readString(env, 'OTEL_RESOURCE_ATTRIBUTES');
  if (value === undefined) return {};
  const parsed: Record<string, string> = {};
  try {
    for (const pair of value.split(',')) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error('missing key or "="');
      const key = decodeURIComponent(pair.slice(0, eq).trim());
      if (key === '') throw new Error('empty key');
      parsed[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    }
  } catch {
    warnInvalidEnv('OTEL_RESOURCE_ATTRIBUTES', value, 'comma-separated key=value pairs, percent-encoded');
    return {};
  }
  return parsed;
}

function defaultServiceName(): string {
  const executable = basename(process.argv0 || process.execPath || 'node');
  return `unknown_service:${executable || 'node'}`;
}

function hostName(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

export function buildResource(options: ResourceOptions, env: Env): Resource {
  const attributes: Record<string, AttributeValue> = {
    'service.name': defaultServiceName(),
    'host.name': hostName(),
    'process.pid': process.pid,
    ...parseResourceAttributes(env),
  };
  const envServiceName = readString(env, 'OTEL_SERVICE_NAME');
  if (envServiceName !== undefined) attributes['service.name'] = envServiceName;
  Object.assign(attributes, options.resourceAttributes);
  if (options.serviceName !== undefined) attributes['service.name'] = options.serviceName;
  if (options.serviceVersion !== undefined) attributes['service.version'] = options.serviceVersion;
  attributes['telemetry.sdk.name'] = SDK_NAME;
  attributes['telemetry.sdk.language'] = 'nodejs';
  attributes['telemetry.sdk.version'] = SDK_VERSION;
  return Object.freeze({ attributes: Object.freeze(attributes) });
}
