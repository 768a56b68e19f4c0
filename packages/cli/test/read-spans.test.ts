import { CliError } from '../src/errors';
import { readSpanFile } from '../src/read/read-spans';
import { BASE_NS, exportRequest, jsonlLines, KIND, otlpSpan, spanId, tempDir, traceIdOf, type TempDir } from './helpers/span-files';
import { DEEP_ERROR, SEQUENTIAL } from './helpers/traces';

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

/** The CliError message readSpanFile rejects with (failing the test when it resolves or throws something else). */
async function problem(file: string): Promise<string> {
  const error: unknown = await readSpanFile(file).then(
    () => new Error('expected the file to be rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).message;
}

const TRACE = traceIdOf(7);

describe('reading span files', () => {
  it("reads core's JSONL form: one span per line with its resource", async () => {
    const file = await dir.write('spans.jsonl', `${jsonlLines(TRACE, DEEP_ERROR)}\n`);
    const spans = await readSpanFile(file);
    expect(spans).toHaveLength(DEEP_ERROR.length);
    const db = spans.find((span) => span.spanId === spanId('d'))!;
    expect(db).toMatchObject({
      traceId: TRACE,
      parentSpanId: spanId('i'),
      name: 'SELECT stock',
      service: 'inventory',
      kind: 'INTERNAL',
      status: 'ERROR',
      statusMessage: 'timeout after 28ms',
      attributes: { 'db.system': 'postgresql' },
      source: `${file}:6`,
    });
    expect(db.startUnixNano).toBe(BASE_NS + 12_000_000n);
    expect(db.endUnixNano).toBe(BASE_NS + 40_000_000n);
    expect(db.events).toEqual([{ name: 'exception', timeUnixNano: BASE_NS + 40_000_000n, attributes: { 'exception.type': 'TimeoutError' } }]);
    expect(spans.find((span) => span.spanId === spanId('r'))!.parentSpanId).toBeUndefined();
  });

  it('reads an ExportTraceServiceRequest file, pretty-printed over many lines', async () => {
    const file = await dir.write('request.json', JSON.stringify(exportRequest([[TRACE, SEQUENTIAL], [traceIdOf(8), DEEP_ERROR]]), null, 2));
    const spans = await readSpanFile(file);
    expect(spans).toHaveLength(SEQUENTIAL.length + DEEP_ERROR.length);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([TRACE, traceIdOf(8)]));
    expect(spans.filter((span) => span.service === 'orders').map((span) => span.name).sort()).toEqual(
      ['GET /orders', 'GET /orders', 'GET inventory'].sort(),
    );
  });

  it('reads one ExportTraceServiceRequest per line, mixed with span lines', async () => {
    const lines = [
      JSON.stringify(exportRequest([[TRACE, SEQUENTIAL.slice(0, 1)]])),
      '',
      jsonlLines(TRACE, SEQUENTIAL.slice(1)),
      JSON.stringify(exportRequest([])),
    ];
    const spans = await readSpanFile(await dir.write('mixed.jsonl', lines.join('\n')));
    expect(spans.map((span) => span.name)).toEqual(['GET /checkout', 'load cart', 'charge']);
  });

  it('decodes every AnyValue form and keeps int64 values beyond 2^53 exact', async () => {
    const span = {
      ...otlpSpan(TRACE, { id: 'r', service: 'x', start: 0, end: 1 }),
      traceId: TRACE.toUpperCase(),
      spanId: spanId('r').toUpperCase(),
      kind: KIND.SERVER,
      startTimeUnixNano: Number(1_000_000n),
      attributes: [
        { key: 's', value: { stringValue: 'text' } },
        { key: 'b', value: { boolValue: false } },
        { key: 'i', value: { intValue: '42' } },
        { key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'd', value: { doubleValue: 1.5 } },
        { key: 'nan', value: { doubleValue: 'NaN' } },
        { key: 'list', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'two' }] } } },
        { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
        { key: 'bytes', value: { bytesValue: 'AQID' } },
        { key: 'empty', value: {} },
      ],
    };
    const [record] = await readSpanFile(await dir.write('values.jsonl', JSON.stringify(span)));
    expect(record!.traceId).toBe(TRACE);
    expect(record!.spanId).toBe(spanId('r'));
    expect(record!.kind).toBe('SERVER');
    expect(record!.service).toBe('unknown_service');
    expect(record!.startUnixNano).toBe(1_000_000n);
    expect(record!.attributes).toEqual({
      s: 'text', b: false, i: 42, big: '9007199254740993', d: 1.5, nan: 'NaN',
      list: [1, 'two'], map: { k: true }, bytes: 'AQID', empty: null,
    });
  });

  it('accepts CRLF line ends and a byte-order mark', async () => {
    const file = await dir.write('windows.jsonl', `\uFEFF${jsonlLines(TRACE, SEQUENTIAL).split('\n').join('\r\n')}\r\n`);
    expect((await readSpanFile(file)).map((span) => span.name)).toEqual(['GET /checkout', 'load cart', 'charge']);
  });

  it('treats an end before the start as a zero-length span', async () => {
    const span = { ...otlpSpan(TRACE, { id: 'r', service: 'x', start: 5, end: 1 }) };
    const [record] = await readSpanFile(await dir.write('backwards.jsonl', JSON.stringify(span)));
    expect(record!.endUnixNano).toBe(record!.startUnixNano);
  });
});

describe('input errors name the file and line', () => {
  it('a missing file', async () => {
    expect(await problem(`${dir.path}/nope.jsonl`)).toBe(`${dir.path}/nope.jsonl: no such file`);
  });

  it('a directory', async () => {
    expect(await problem(dir.path)).toBe(`${dir.path}: is a directory, not a span file`);
  });

  it('an empty file, and one with only blank lines', async () => {
    const empty = await dir.write('empty.jsonl', '');
    const blank = await dir.write('blank.jsonl', '\n  \n\n');
    expect(await problem(empty)).toBe(`${empty}: the file is empty (no spans to show)`);
    expect(await problem(blank)).toBe(`${blank}: the file is empty (no spans to show)`);
  });

  it('a line that is not JSON, after good lines', async () => {
    const lines = jsonlLines(TRACE, SEQUENTIAL).split('\n');
    lines.splice(2, 0, '', '{"traceId": "abc", oops');
    const file = await dir.write('broken.jsonl', lines.join('\n'));
    expect(await problem(file)).toMatch(new RegExp(`^${file}:4: not valid JSON \\(`));
  });

  it('a first line that is not JSON', async () => {
    const file = await dir.write('garbage.jsonl', `hello world\n${jsonlLines(TRACE, SEQUENTIAL)}`);
    expect(await problem(file)).toMatch(new RegExp(`^${file}:1: not valid JSON`));
  });

  it('a pretty-printed document broken in its middle reports the line of the break', async () => {
    const text = JSON.stringify(exportRequest([[TRACE, SEQUENTIAL]]), null, 2).split('\n');
    const at = text.findIndex((line) => line.includes('"name": "load cart"'));
    text[at] = text[at]!.replace('"name": "load cart"', '"name" "load cart"');
    const file = await dir.write('pretty.json', text.join('\n'));
    expect(await problem(file)).toMatch(new RegExp(`^${file}:${at + 1}: not valid JSON`));
  });

  it('a span with an invalid id names the field and shows the value', async () => {
    const lines = jsonlLines(TRACE, SEQUENTIAL).split('\n');
    lines[1] = lines[1]!.replace(spanId('a'), 'xyz');
    const file = await dir.write('bad-id.jsonl', lines.join('\n'));
    expect(await problem(file)).toBe(`${file}:2: "spanId" must be 16 hex digits, got "xyz"`);
  });

  it('an all-zero trace id', async () => {
    const file = await dir.write('zero.jsonl', jsonlLines('0'.repeat(32), SEQUENTIAL.slice(0, 1)));
    expect(await problem(file)).toBe(`${file}:1: "traceId" is all zeros, which is invalid`);
  });

  it('a missing start time, a bad kind, bad attributes', async () => {
    const base = otlpSpan(TRACE, { id: 'r', service: 'x', start: 0, end: 1 });
    const noStart = { ...base };
    delete noStart.startTimeUnixNano;
    const cases: Array<[object, string]> = [
      [noStart, '"startTimeUnixNano" is missing'],
      [{ ...base, startTimeUnixNano: '12.5' }, '"startTimeUnixNano" must be a decimal string of nanoseconds, got "12.5"'],
      [{ ...base, kind: 'SPAN_KIND_SERVER' }, '"kind" must be an integer from 0 to 5, got "SPAN_KIND_SERVER"'],
      [{ ...base, status: { code: 7 } }, '"status.code" must be an integer from 0 to 2, got 7'],
      [{ ...base, attributes: { key: 'x' } }, '"attributes": attributes must be a list of {key, value}'],
      [{ ...base, attributes: [{ key: 'n', value: { intValue: 'ten' } }] }, '"attributes": "intValue" must be a decimal integer string'],
    ];
    for (const [span, message] of cases) {
      const file = await dir.write('case.jsonl', `\n${JSON.stringify(span)}\n`);
      expect(await problem(file)).toBe(`${file}:2: ${message}`);
    }
  });

  it('a bad span inside a request names its place in the document', async () => {
    const request = exportRequest([[TRACE, SEQUENTIAL]]) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    request.resourceSpans[0]!.scopeSpans[0]!.spans[2]!.endTimeUnixNano = -5;
    const file = await dir.write('req.jsonl', JSON.stringify(request));
    expect(await problem(file)).toBe(
      `${file}:1: resourceSpans[0].scopeSpans[0].spans[2]: "endTimeUnixNano" must be a decimal string of nanoseconds, got -5`,
    );
  });

  it('JSON that is neither a span nor a request', async () => {
    const array = await dir.write('array.json', '[1, 2]');
    const other = await dir.write('other.jsonl', '{"hello": "world"}');
    const notList = await dir.write('not-list.jsonl', '{"resourceSpans": {}}');
    expect(await problem(array)).toBe(`${array}:1: expected a JSON object: an OTLP/JSON span or {"resourceSpans": [...]}`);
    expect(await problem(other)).toBe(
      `${other}:1: neither an OTLP/JSON span (no "traceId") nor an ExportTraceServiceRequest (no "resourceSpans")`,
    );
    expect(await problem(notList)).toBe(`${notList}:1: "resourceSpans" must be a list`);
  });
});
