import { InMemorySpanExporter } from '../../src/export/in-memory-exporter';
import { ExportResultCode } from '../../src/types';
import { makeReadableSpan } from '../helpers/make-readable-span';

describe('InMemorySpanExporter', () => {
  test('keeps exported spans in order until reset', async () => {
    const exporter = new InMemorySpanExporter();
    const [a, b] = [makeReadableSpan({ name: 'a' }), makeReadableSpan({ name: 'b' })];
    expect((await exporter.export([a])).code).toBe(ExportResultCode.SUCCESS);
    await exporter.export([b]);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['a', 'b']);
    exporter.reset();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  test('is bounded: the oldest spans go first', async () => {
    const exporter = new InMemorySpanExporter({ maxSpans: 2 });
    await exporter.export(['1', '2', '3'].map((name) => makeReadableSpan({ name })));
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['2', '3']);
  });

  test('fails exports after shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    await exporter.shutdown();
    expect((await exporter.export([makeReadableSpan()])).code).toBe(ExportResultCode.FAILED);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
