import { PassThrough } from 'node:stream';
import { ConsoleSpanExporter, formatSpanLine } from '../../src/export/console-exporter';
import { ExportResultCode, SpanKind, SpanStatusCode, type ReadableSpan } from '../../src/types';
import { makeChildSpan, makeReadableSpan } from '../helpers/make-readable-span';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROOT_ID = '00f067aa0ba902b7';

/** A stream whose written text can be read back. */
function capture(): { stream: PassThrough; text: () => string; lines: () => string[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const text = () => chunks.join('');
  return { stream, text, lines: () => text().split('\n').filter((line) => line !== '') };
}

/** A tree-mode exporter writing to a captured stream. */
function treeExporter(): { out: ReturnType<typeof capture>; exporter: ConsoleSpanExporter } {
  const out = capture();
  return { out, exporter: new ConsoleSpanExporter({ stream: out.stream }) };
}

const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));

function serverRoot(): ReadableSpan {
  return makeReadableSpan({
    traceId: TRACE_ID,
    spanId: ROOT_ID,
    name: 'GET /users/:id',
    kind: SpanKind.SERVER,
    startTime: 1000,
    endTime: 1012.3,
    status: { code: SpanStatusCode.ERROR },
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 500 },
  });
}

describe('formatSpanLine', () => {
  it('shows service, short ids, kind, name, duration, status and a few attributes', () => {
    expect(formatSpanLine(serverRoot())).toBe(
      '[test-service trace 4bf92f35… span 00f067aa…] SERVER GET /users/:id 12.3ms status=ERROR ' +
        'http.response.status_code=500 http.request.method=GET',
    );
  });

  it('uses two decimals for short spans, omits UNSET status and quotes values with spaces', () => {
    const line = formatSpanLine(
      makeReadableSpan({ name: 'q', startTime: 5, endTime: 5.456, attributes: { 'db.statement': 'SELECT 1', n: 1, a: 2, b: 3, c: 4 } }),
    );
    expect(line).toMatch(/\] INTERNAL q 0\.46ms db\.statement="SELECT 1" n=1 a=2 b=3$/);
    expect(line).not.toContain('status=');
  });
});

describe('ConsoleSpanExporter', () => {
  it('prints one line per span when tree is off', async () => {
    const out = capture();
    const exporter = new ConsoleSpanExporter({ stream: out.stream, tree: false });
    const root = serverRoot();
    expect(await exporter.export([makeChildSpan(root, { name: 'child' })])).toEqual({ code: ExportResultCode.SUCCESS });
    await flushed();
    expect(out.lines()).toHaveLength(1);
    expect(out.lines()[0]).toContain('INTERNAL child');
  });

  it('holds a trace until its local root ends, then prints it as a tree ordered by start time', async () => {
    const { out, exporter } = treeExporter();
    const root = serverRoot();
    const second = makeChildSpan(root, { name: 'second', startTime: 1005 });
    const first = makeChildSpan(root, { name: 'first', startTime: 1001 });
    const grandchild = makeChildSpan(first, { name: 'grandchild', startTime: 1002 });
    await exporter.export([grandchild, second]);
    await exporter.export([first]);
    await flushed();
    expect(out.text()).toBe('');
    await exporter.export([root]);
    await flushed();
    const body = out.lines().map((line) => line.slice(line.indexOf('] ') + 2));
    expect(body).toEqual([
      'SERVER GET /users/:id 12.3ms status=ERROR http.response.status_code=500 http.request.method=GET',
      '  INTERNAL first 1.00ms',
      '    INTERNAL grandchild 1.00ms',
      '  INTERNAL second 1.00ms',
    ]);
    // a late child of a printed root is printed at once rather than held
    await exporter.export([makeChildSpan(root, { name: 'late' })]);
    await flushed();
    expect(out.lines()).toHaveLength(5);
  });

  it('prints held spans on forceFlush and shutdown, and fails exports after shutdown', async () => {
    const { out, exporter } = treeExporter();
    const root = serverRoot();
    await exporter.export([makeChildSpan(root, { name: 'orphan-1' })]);
    await exporter.forceFlush();
    await flushed();
    expect(out.lines()).toHaveLength(1);
    const otherRoot = makeReadableSpan({ name: 'other-root' });
    await exporter.export([makeChildSpan(otherRoot, { name: 'orphan-2' })]);
    await exporter.shutdown();
    await flushed();
    expect(out.lines()).toHaveLength(2);
    expect((await exporter.export([otherRoot])).code).toBe(ExportResultCode.FAILED);
  });

  it('prints the oldest held traces as they are once 1,000 traces are held', async () => {
    const { out, exporter } = treeExporter();
    const roots = Array.from({ length: 1001 }, (_, i) => makeReadableSpan({ name: `root-${i}` }));
    await exporter.export(roots.map((root) => makeChildSpan(root, { name: `child-of-${root.name}` })));
    await flushed();
    expect(out.lines()).toHaveLength(1);
    expect(out.lines()[0]).toContain('child-of-root-0');
  });

  it('prints a trace as it is once 10,000 spans are held', async () => {
    const { out, exporter } = treeExporter();
    const root = serverRoot();
    await exporter.export(Array.from({ length: 10_000 }, (_, i) => makeChildSpan(root, { name: `c${i}` })));
    await flushed();
    expect(out.text()).toBe('');
    await exporter.export([makeChildSpan(root, { name: 'one-too-many' })]);
    await flushed();
    expect(out.lines()).toHaveLength(10_001);
  });

  it('returns FAILED when the stream has ended', async () => {
    const out = capture();
    out.stream.end();
    const exporter = new ConsoleSpanExporter({ stream: out.stream, tree: false });
    expect((await exporter.export([makeReadableSpan()])).code).toBe(ExportResultCode.FAILED);
  });
});
