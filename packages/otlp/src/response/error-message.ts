/**
 * The message an error response carries, for diagnostics only (SPEC-NOTES 7.5: log it, do not
 * branch on it): a `google.rpc.Status` (field 2 `message`) in protobuf or JSON, else the start
 * of a text body.
 */
import { Reader } from '../protobuf/reader';

const MAX_CHARS = 200;

export function readErrorMessage(body: Buffer, contentType: string | undefined): string | undefined {
  if (body.length === 0) return undefined;
  const type = contentType ?? '';
  let message: string | undefined;
  if (/protobuf/i.test(type)) message = fromStatus(body);
  else if (/json/i.test(type)) message = fromJson(body);
  else message = body.toString('utf8', 0, Math.min(body.length, MAX_CHARS * 4));
  message = message?.trim();
  if (!message) return undefined;
  return message.length > MAX_CHARS ? `${message.slice(0, MAX_CHARS)}…` : message;
}

function fromJson(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function fromStatus(body: Buffer): string | undefined {
  const reader = new Reader(body, 0, body.length);
  while (reader.pos < reader.limit) {
    const key = reader.varint();
    if (key === undefined) return undefined;
    if (key === ((2 << 3) | 2)) return reader.string();
    if (!reader.skip(key & 7)) return undefined;
  }
  return undefined;
}
