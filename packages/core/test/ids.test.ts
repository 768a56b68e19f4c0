import { generateSpanId, generateTraceId, isValidSpanId, isValidTraceId } from '../src/ids';

describe('ids', () => {
  test('trace ids are 32 lowercase hex, span ids 16, never all zero', () => {
    for (let i = 0; i < 5000; i++) {
      const traceId = generateTraceId();
      const spanId = generateSpanId();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(isValidTraceId(traceId)).toBe(true);
      expect(isValidSpanId(spanId)).toBe(true);
    }
  });

  test('ids do not repeat across pool refills', () => {
    // 20,000 trace ids span ~40 refills of the pool; a refill bug would repeat a block
    const traceIds = new Set(Array.from({ length: 20000 }, generateTraceId));
    const spanIds = new Set(Array.from({ length: 20000 }, generateSpanId));
    expect(traceIds.size).toBe(20000);
    expect(spanIds.size).toBe(20000);
  });

  test('hex digits are roughly uniform (the generator is random, not a counter)', () => {
    const counts = new Map<string, number>();
    const samples = 4000;
    for (let i = 0; i < samples; i++) for (const ch of generateTraceId()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(16);
    const expected = (samples * 32) / 16;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });

  test.each([
    ['', false],
    ['00000000000000000000000000000000', false],
    ['4bf92f3577b34da6a3ce929d0e0e4736', true],
    ['4BF92F3577B34DA6A3CE929D0E0E4736', false],
    ['4bf92f3577b34da6a3ce929d0e0e473', false],
    ['4bf92f3577b34da6a3ce929d0e0e47366', false],
    ['4bf92f3577b34da6a3ce929d0e0e473g', false],
  ])('isValidTraceId(%j) = %s', (id, valid) => {
    expect(isValidTraceId(id)).toBe(valid);
  });

  test.each([
    ['0000000000000000', false],
    ['00f067aa0ba902b7', true],
    ['00F067AA0BA902B7', false],
    ['00f067aa0ba902b', false],
    [42, false],
    [undefined, false],
  ])('isValidSpanId(%j) = %s', (id, valid) => {
    expect(isValidSpanId(id)).toBe(valid);
  });
});
