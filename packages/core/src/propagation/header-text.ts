/**
 * Header values as text. Message-queue clients hand header values over as bytes (Kafka headers
 * are byte arrays; kafkajs and node-rdkafka give `Buffer`s), HTTP as strings, and AMQP tables may
 * hold numbers; propagators only ever want UTF-8 text.
 */

export type HeaderValue = string | string[] | undefined;

/** A string as is; bytes (`Buffer`, any `Uint8Array`) decoded as UTF-8; anything else: undefined. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return undefined;
}

/** No values: undefined; one: that value; more: all of them, in order (a header seen more than once). */
export function oneOrMany(texts: string[]): HeaderValue {
  return texts.length === 0 ? undefined : texts.length === 1 ? texts[0] : texts;
}
