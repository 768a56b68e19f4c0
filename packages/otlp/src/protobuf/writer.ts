/**
 * A minimal protobuf wire writer: one growing buffer, written front to back. A nested message's
 * length is not known until it is written, so `begin()` reserves one byte for it and `end()`
 * fills it in; only a message of 128 bytes or more moves its content right by the few extra
 * length bytes. Small messages (key/values, values) never move, large ones (a span, a batch)
 * move once — cheaper than sizing everything in a first pass.
 */

const INITIAL_SIZE = 64 * 1024;

export class ProtoWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = INITIAL_SIZE) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** The bytes written so far (a view of the writer's buffer). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A field key: field number and wire type (one byte for the fields OTLP uses). */
  tag(field: number, wireType: number): void {
    const key = (field << 3) | wireType;
    if (key < 0x80) {
      this.ensure(1);
      this.buf[this.pos++] = key;
    } else {
      this.varint32(key);
    }
  }

  /** An unsigned 32-bit varint. */
  varint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let v = value >>> 0;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** A 64-bit varint from its low and high 32 bits (two's complement for negatives: 10 bytes). */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let low = lo >>> 0;
    let high = hi >>> 0;
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(lo >>> 0, this.pos);
    this.buf.writeUInt32LE(hi >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string (without its tag). */
  string(value: string): void {
    const length = value.length;
    if (length < 0x80) {
      // Most strings are short ASCII: copy the char codes behind a one-byte length, and fall
      // back to Node's encoder (multi-byte characters, lone surrogates) only when one is not.
      this.ensure(1 + length);
      const buf = this.buf;
      const start = this.pos;
      let i = 0;
      for (; i < length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === length) {
        buf[start] = length;
        this.pos = start + 1 + length;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint32(bytes);
    this.ensure(bytes);
    this.buf.write(value, this.pos, 'utf8');
    this.pos += bytes;
  }

  /** Length-delimited raw bytes (without the tag). */
  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /**
   * Length-delimited bytes from a hex string (trace and span ids), decoded straight into the
   * buffer. Characters that are not hex read as 0: ids reaching the exporter were validated.
   */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint32(length);
    this.ensure(length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < length; i++) {
      buf[p++] = (HEX[hex.charCodeAt(2 * i) & 0x7f]! << 4) | HEX[hex.charCodeAt(2 * i + 1) & 0x7f]!;
    }
    this.pos = p;
  }

  /** Starts a nested message field; returns the mark to close it with (`end(mark)`). */
  begin(field: number): number {
    this.tag(field, 2);
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the message begun at `start`, writing its length before it. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    let v = length;
    let p = start;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    this.pos += extra;
  }
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Hex digit values by character code (both cases); anything else reads as 0. */
const HEX = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;
