/**
 * Trace and span ids from a CSPRNG, without a syscall per id: random bytes are drawn into a pool
 * and handed out 16 or 8 bytes at a time, refilling the pool when it runs dry.
 */
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 8192; // 512 trace ids or 1024 span ids per refill
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE; // empty: the first call fills it

const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

function take(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** 32 lowercase hex characters, all 16 bytes random (so the Level 2 random flag applies), never zero. */
export function generateTraceId(): string {
  let id = take(16);
  while (id === ZERO_TRACE_ID) id = take(16);
  return id;
}

/** 16 lowercase hex characters, random, never zero. */
export function generateSpanId(): string {
  let id = take(8);
  while (id === ZERO_SPAN_ID) id = take(8);
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
