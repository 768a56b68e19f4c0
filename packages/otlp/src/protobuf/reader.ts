/** Reading protobuf, only as much as the exporter needs: the small bodies collectors answer with. */

/** A bounds-checked cursor over protobuf bytes; any malformed input ends the read. */
export class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly limit: number,
  ) {
    this.pos = start;
  }

  /** A varint as a number (exact up to 2^53); undefined when truncated. */
  varint(): number | undefined {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) return undefined;
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    return undefined;
  }

  /** The content of a length-delimited field (its key already read) as a reader of its own. */
  message(): Reader | undefined {
    const length = this.varint();
    if (length === undefined || this.pos + length > this.limit) return undefined;
    const inner = new Reader(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return inner;
  }

  /** A length-delimited UTF-8 string (its key already read). */
  string(): string | undefined {
    const inner = this.message();
    return inner === undefined ? undefined : inner.buf.toString('utf8', inner.pos, inner.limit);
  }

  /** Skips a field of `wireType`; false when the input is malformed. */
  skip(wireType: number): boolean {
    if (wireType === 0) return this.varint() !== undefined;
    if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else if (wireType === 2) {
      const length = this.varint();
      if (length === undefined) return false;
      this.pos += length;
    } else return false;
    return this.pos <= this.limit;
  }
}
