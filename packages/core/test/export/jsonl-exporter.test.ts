import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TracewireError } from '../../src/errors';
import { JsonlSpanExporter, type JsonlSpanLine } from '../../src/export/jsonl-exporter';
import { ExportResultCode, SpanKind } from '../../src/types';
import { makeChildSpan, makeReadableSpan, testResource, testScope } from '../helpers/make-readable-span';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tracewire-jsonl-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readLines(file: string): Promise<JsonlSpanLine[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonlSpanLine);
}

describe('JsonlSpanExporter', () => {
  it('writes one self-contained OTLP/JSON span per line, creating the directory', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'spans.jsonl');
    const exporter = new JsonlSpanExporter({ path: file });
    const root = makeReadableSpan({ name: 'GET /users/:id', kind: SpanKind.SERVER, startTime: 1700000000000.25 });
    const child = makeChildSpan(root, { name: 'db.query', attributes: { 'db.rows': 3 } });
    expect(await exporter.export([root, child])).toEqual({ code: ExportResultCode.SUCCESS });
    const lines = await readLines(file);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      traceId: root.spanContext().traceId,
      spanId: root.spanContext().spanId,
      name: 'GET /users/:id',
      kind: 2,
      flags: 0x101,
      startTimeUnixNano: '1700000000000250000',
      resource: { attributes: [{ key: 'service.name', value: { stringValue: testResource.attributes['service.name'] } }] },
      scope: { name: testScope.name, version: testScope.version },
    });
    expect(lines[0].parentSpanId).toBeUndefined();
    expect(lines[1]).toMatchObject({
      parentSpanId: root.spanContext().spanId,
      attributes: [{ key: 'db.rows', value: { intValue: '3' } }],
    });
    await exporter.shutdown();
  });

  it('appends on later exports and to an existing file', async () => {
    const file = path.join(dir, 'spans.jsonl');
    await writeFile(file, '{"existing":true}\n');
    const exporter = new JsonlSpanExporter({ path: file });
    await exporter.export([makeReadableSpan({ name: 'first' })]);
    await exporter.export([makeReadableSpan({ name: 'second' }), makeReadableSpan({ name: 'third' })]);
    await exporter.export([]);
    const lines = (await readLines(file)) as unknown as Array<{ name?: string; existing?: boolean }>;
    expect(lines.map((line) => line.name ?? 'existing')).toEqual(['existing', 'first', 'second', 'third']);
    await exporter.shutdown();
  });

  it('returns FAILED without throwing when the path cannot be written', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a directory');
    const exporter = new JsonlSpanExporter({ path: path.join(blocker, 'spans.jsonl') });
    const result = await exporter.export([makeReadableSpan()]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(Error);
    // a directory where the file should be: the open fails too
    const onDirectory = new JsonlSpanExporter({ path: dir });
    expect((await onDirectory.export([makeReadableSpan()])).code).toBe(ExportResultCode.FAILED);
    await exporter.shutdown();
    await onDirectory.shutdown();
  });

  it('closes the file on shutdown and fails later exports', async () => {
    const file = path.join(dir, 'spans.jsonl');
    const exporter = new JsonlSpanExporter({ path: file });
    await exporter.export([makeReadableSpan({ name: 'kept' })]);
    await exporter.shutdown();
    await exporter.shutdown();
    const late = await exporter.export([makeReadableSpan({ name: 'late' })]);
    expect(late.code).toBe(ExportResultCode.FAILED);
    expect((await readLines(file)).map((line) => line.name)).toEqual(['kept']);
  });

  it('rejects a missing path at construction', () => {
    expect(() => new JsonlSpanExporter({ path: '' })).toThrow(TracewireError);
  });
});
