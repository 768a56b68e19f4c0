/**
 * Trace and span ids from a CSPRNG, without a syscall per id: random bytes are drawn into a pool,
 * hex-encoded once per refill, and handed out 32 or 16 hex characters at a time. Slicing one
 * pre-encoded string is several times cheaper than a native hex conversion per id.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 8192; // 512 trace ids or 1024 span ids per refill
const POOL_HEX = POOL_BYTES * 2;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let hexPool = '';
let offset = POOL_HEX; // empty: the first call fills it

const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

function take(hexChars: number): string {
  if (offset + hexChars > POOL_HEX) {
    randomFillSync(pool);
    hexPool = pool.toString('hex');
    offset = 0;
  }
  const hex = hexPool.slice(offset, offset + hexChars);
  offset += hexChars;
  return hex;
}

/** 32 lowercase hex characters, all 16 bytes random (so the Level 2 random flag applies), never zero. */
export function generateTraceId(): string {
  let id = take(32);
  while (id === ZERO_TRACE_ID) id = take(32);
  return id;
}

/** 16 lowercase hex characters, random, never zero. */
export function generateSpanId(): string {
  let id = take(16);
  while (id === ZERO_SPAN_ID) id = take(16);
  return id;
}

const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;

export function isValidTraceId(id: unknown): id is string {
  return typeof id === 'string' && TRACE_ID_RE.test(id) && id !== ZERO_TRACE_ID;
}

export function isValidSpanId(id: unknown): id is string {
  return typeof id === 'string' && SPAN_ID_RE.test(id) && id !== ZERO_SPAN_ID;
}
