/**
 * The attributes of an `exception` event (SPEC-NOTES §4.7, tracewire's JS mapping): an Error gives
 * type = name (else constructor name), message and stack; any other thrown value gives only
 * `exception.message = String(value)`. `exception.escaped` is deprecated and never written.
 */
import { types } from 'node:util';
import type { Attributes } from '../types';
import { toSafeString } from './attributes';

/** May throw on hostile objects (throwing getters): the caller guards. */
export function exceptionAttributes(exception: unknown): Attributes {
  // isNativeError also recognises errors from other realms (vm contexts, test sandboxes)
  if (!(exception instanceof Error) && !types.isNativeError(exception)) {
    return { 'exception.message': toSafeString(exception, 'unknown exception') };
  }
  const error = exception as Error;
  const attributes: Attributes = {};
  const type = exceptionType(error);
  if (type !== undefined) attributes['exception.type'] = type;
  if (typeof error.message === 'string' && error.message !== '') attributes['exception.message'] = error.message;
  if (typeof error.stack === 'string') attributes['exception.stacktrace'] = error.stack;
  return attributes;
}

function exceptionType(error: Error): string | undefined {
  if (typeof error.name === 'string' && error.name !== '') return error.name;
  const constructorName: unknown = error.constructor?.name;
  return typeof constructorName === 'string' && constructorName !== '' ? constructorName : undefined;
}
