import { columnsOf, runMain } from './helpers/run-main';
import { exportRequest, jsonlLines, spanId, tempDir, traceIdOf, type SpanSpec, type TempDir } from './helpers/span-files';
import { DEEP_ERROR, GAP, MISSING_PARENT, PARALLEL, SEQUENTIAL, SKEW } from './helpers/traces';

const SHORT: SpanSpec[] = [{ id: 'r', name: 'GET /health', service: 'frontend', start: 0, end: 20 }];
/** trace n+1 is TRACES[n]; n = 6 (SHORT) is the only one under 100 ms */
const TRACES = [SEQUENTIAL, PARALLEL, GAP, SKEW, MISSING_PARENT, DEEP_ERROR, SHORT];
const ALL = TRACES.map((_, i) => traceIdOf(i + 1));

let dir: TempDir;
let jsonl: string;
let request: string;
beforeAll(async () => {
  dir = await tempDir();
  jsonl = await dir.write('spans.jsonl', `${TRACES.map((specs, i) => jsonlLines(traceIdOf(i + 1), specs)).join('\n')}\n`);
  request = await dir.write('request.json', JSON.stringify(exportRequest(TRACES.map((specs, i) => [traceIdOf(i + 1), specs]))));
});
afterAll(() => dir.remove());

interface JsonOut {
  version: number;
  traces: Array<Record<string, any>>;
  serviceMap: Array<Record<string, unknown>>;
}

async function json(args: string[]): Promise<{ code: number; out: JsonOut }> {
  const run = await runMain(['view', '--json', '-q', ...args]);
  expect(run.stderr).toBe('');
  return { code: run.code, out: JSON.parse(run.stdout) as JsonOut };
}

const traceIds = (out: JsonOut): string[] => out.traces.map((trace) => trace.traceId as string);

describe('filters', () => {
  it('no filter shows every trace, from either input form; traces starting together keep reading order', async () => {
    expect(traceIds((await json([jsonl])).out)).toEqual(ALL);
    // the request groups spans by service: trace 7 (frontend only) is met before trace 6 (gateway first)
    expect(traceIds((await json([request])).out)).toEqual([...ALL.slice(0, 5), ALL[6], ALL[5]]);
  });

  it('orders traces by their earliest start', async () => {
    const later = await dir.write('later.jsonl', [
      jsonlLines(traceIdOf(20), SHORT.map((s) => ({ ...s, start: s.start + 500, end: s.end + 500 }))),
      jsonlLines(traceIdOf(21), SHORT),
    ].join('\n'));
    expect(traceIds((await json([later])).out)).toEqual([traceIdOf(21), traceIdOf(20)]);
  });

  it('--trace takes a full id or a prefix, case-insensitively, and repeats as OR', async () => {
    expect(traceIds((await json([jsonl, '--trace', ALL[3]!.toUpperCase()])).out)).toEqual([ALL[3]]);
    expect(traceIds((await json([jsonl, '--trace', '00000002', '--trace', '00000005'])).out)).toEqual([ALL[1], ALL[4]]);
  });

  it('--service keeps traces with a span of that service', async () => {
    expect(traceIds((await json([jsonl, '--service', 'checkout'])).out)).toEqual([ALL[3]]);
    expect(traceIds((await json([jsonl, '--service', 'payments', '--service', 'inventory'])).out)).toEqual([ALL[4], ALL[5]]);
  });

  it('--min-duration compares the root duration', async () => {
    expect(traceIds((await json([jsonl, '--min-duration', '21ms'])).out)).toEqual(ALL.slice(0, 6));
    expect(traceIds((await json([jsonl, '--min-duration', '20'])).out)).toEqual(ALL);
    expect(traceIds((await json([jsonl, '--min-duration', '0.1s'])).out)).toEqual(ALL.slice(0, 6));
  });

  it('--errors keeps traces with an ERROR span; filters combine with AND', async () => {
    expect(traceIds((await json([jsonl, '--errors'])).out)).toEqual([ALL[5]]);
    expect(traceIds((await json([jsonl, '--errors', '--service', 'checkout'])).out)).toEqual([]);
  });

  it('nothing matched: exit 1, a message on stderr, and for --json an empty list', async () => {
    const text = await runMain(['view', jsonl, '--trace', 'ffff']);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('tracewire: no trace matched the filters (7 traces read)');
    const { code, out } = await json([jsonl, '--trace', 'ffff']);
    expect(code).toBe(1);
    expect(out).toEqual({ version: 1, traces: [], serviceMap: [] });
  });
});

describe('--json', () => {
  it('the documented shape, with the answers computed by hand for DEEP_ERROR', async () => {
    const { code, out } = await json([jsonl, '--trace', ALL[5]!]);
    expect(code).toBe(0);
    const [trace] = out.traces;
    expect(trace).toMatchObject({
      traceId: ALL[5],
      startTimeUnixNano: '1700000000000000000',
      durationMs: 100,
      spanCount: 9,
      services: ['gateway', 'orders', 'inventory'],
      error: true,
      rootSpanId: spanId('r'),
      roots: [{ spanId: spanId('r'), missingParentSpanId: null }],
      bottleneck: { spanId: spanId('d'), name: 'SELECT stock', service: 'inventory', criticalMs: 28, share: 0.28 },
      errorPath: {
        origin: { spanId: spanId('d'), name: 'SELECT stock', service: 'inventory', endMs: 40, message: 'timeout after 28ms' },
        propagatedTo: ['i', 'ci', 'o', 'co', 'r'].map((id) => expect.objectContaining({ spanId: spanId(id) })),
        otherErrors: [expect.objectContaining({ spanId: spanId('au'), name: 'audit' })],
      },
      serviceBreakdown: [
        { service: 'gateway', selfMs: 39, share: 0.39, spans: 4 },
        { service: 'inventory', selfMs: 33, share: 0.33, spans: 2 },
        { service: 'orders', selfMs: 28, share: 0.28, spans: 3 },
      ],
      serviceMap: [
        { from: 'gateway', to: 'orders', via: 'server-span', calls: 2, errors: 1, errorRate: 0.5, p50Ms: 20, p99Ms: 45 },
        { from: 'orders', to: 'inventory', via: 'server-span', calls: 1, errors: 1, errorRate: 1, p50Ms: 35, p99Ms: 35 },
      ],
    });
    expect(trace!.criticalPath.durationMs).toBe(100);
    expect(trace!.criticalPath.segments[0]).toEqual({ spanId: spanId('r'), startMs: 0, endMs: 5 });
    expect(trace!.spans.find((span: { spanId: string }) => span.spanId === spanId('d'))).toEqual({
      spanId: spanId('d'),
      parentSpanId: spanId('i'),
      name: 'SELECT stock',
      service: 'inventory',
      kind: 'INTERNAL',
      status: 'ERROR',
      statusMessage: 'timeout after 28ms',
      depth: 5,
      startMs: 12,
      endMs: 40,
      durationMs: 28,
      selfMs: 28,
      skewShiftMs: 0,
      missingParent: false,
      onCriticalPath: true,
      bottleneck: true,
      attributes: { 'db.system': 'postgresql' },
      events: [{ name: 'exception', timeUnixNano: '1700000000040000000', attributes: { 'exception.type': 'TimeoutError' } }],
    });
    // the top-level map is over all shown traces
    expect(out.serviceMap).toEqual(trace!.serviceMap);
  });

  it('marks extra roots and skew shifts', async () => {
    const { out } = await json([jsonl, '--trace', ALL[4]!, '--trace', ALL[3]!]);
    const [skew, missing] = out.traces;
    expect(missing!.roots).toEqual([
      { spanId: spanId('r'), missingParentSpanId: null },
      { spanId: spanId('p'), missingParentSpanId: spanId('dead') },
    ]);
    expect(skew!.spans.map((span: { skewShiftMs: number }) => span.skewShiftMs)).toEqual([0, 0, 3, 3]);
    expect(skew!.bottleneck.name).toBe('SELECT stock');
    expect(out.serviceMap.map((edge) => edge.to)).toEqual(['checkout', 'payments.internal:8443']);
  });
});

describe('text output', () => {
  it('shows the waterfall, marks, notes and every section', async () => {
    const { code, stdout, stderr } = await runMain(['view', jsonl, '--width', '100']);
    expect(code).toBe(0);
    expect(stderr).toBe(`tracewire: read 26 spans from ${jsonl}\n`);
    expect(stdout).toContain(`Trace ${ALL[0]}  2023-11-14T22:13:20.000Z  100.0ms  3 spans  1 service`);
    expect(stdout).toContain('Bottleneck  charge (frontend): 50.0ms of its own time on the 100.0ms critical path (50.0%)');
    expect(stdout).toContain('Bottleneck  query ads (frontend): 90.0ms');
    expect(stdout).toContain('Bottleneck  GET /report (frontend): 60.0ms');
    expect(stdout).toContain('clock skew: shifted +3.00ms with its subtree for the critical path (recorded 7.00ms – 57.0ms)');
    expect(stdout).toContain(`parent ${spanId('dead')} is not in the input: shown as an extra root`);
    expect(stdout).toContain('Error path  first failure SELECT stock (inventory), ended at +40.0ms: "timeout after 28ms"');
    expect(stdout).toContain('propagated to GET /stock (inventory) → GET inventory (orders) → GET /orders (orders) → GET orders (gateway) → GET /buy (gateway)');
    expect(stdout).toMatch(/gateway → orders\s+2 calls\s+1 error\s+\(50\.0%\)\s+p50\s+20\.0ms\s+p99\s+45\.0ms/);
    expect(stdout).toContain('Service map, all 7 traces');
    const row = stdout.split('\n').find((line) => line.includes('charge') && line.includes('│'))!;
    expect(row.startsWith('◆')).toBe(true);
    // charge runs 40–90 of 100 ms and is all critical: solid from 40 % to 90 % of the bar
    const bar = row.slice(row.indexOf('│') + 1, row.lastIndexOf('│'));
    const first = bar.indexOf('█');
    const last = bar.lastIndexOf('█');
    expect(first / bar.length).toBeCloseTo(0.4, 1);
    expect((last + 1) / bar.length).toBeCloseTo(0.9, 1);
    expect(bar).not.toContain('▒');
  });

  it('fits the bars to --width, the terminal width, or 100 columns', async () => {
    const rows = (stdout: string): string[] => stdout.split('\n').filter((line) => line.endsWith('│'));
    for (const [args, columns, expected] of [[['--width', '80'], 200, 80], [[], 132, 132], [[], undefined, 100]] as const) {
      const { stdout } = await runMain(['view', jsonl, '-q', ...args], { columns });
      expect(rows(stdout).length).toBe(26 + 7);
      for (const line of rows(stdout)) expect(columnsOf(line)).toBe(expected);
    }
  });

  it('colors only on a TTY without NO_COLOR, unless --color / --no-color say otherwise', async () => {
    const ESC = '\u001b[';
    const cases: Array<[string[], { isTTY?: boolean; env?: Record<string, string> }, boolean]> = [
      [[], { isTTY: false }, false],
      [[], { isTTY: true }, true],
      [[], { isTTY: true, env: { NO_COLOR: '1' } }, false],
      [[], { isTTY: true, env: { NO_COLOR: '' } }, true],
      [['--color'], { isTTY: false }, true],
      [['--no-color'], { isTTY: true }, false],
    ];
    for (const [flags, options, colored] of cases) {
      const { stdout } = await runMain(['view', jsonl, '-q', ...flags], options);
      expect(stdout.includes(ESC)).toBe(colored);
    }
    // --json is never colored
    expect((await runMain(['view', jsonl, '-q', '--json'], { isTTY: true })).stdout).not.toContain(ESC);
  });

  it('reads several files and says when a span came twice', async () => {
    const { code, stdout, stderr } = await runMain(['view', jsonl, request, '--trace', ALL[0]!]);
    expect(code).toBe(0);
    expect(stderr).toContain('tracewire: ignored 26 repeated spans (same trace and span id)');
    expect(stdout).toContain('3 spans');
  });
});

describe('user errors: exit 2, one clear line, no stack trace', () => {
  it.each([
    [['view', '/nonexistent/spans.jsonl'], 'tracewire: /nonexistent/spans.jsonl: no such file'],
    [['view'], 'tracewire: no span file given: tracewire view <file>...'],
    [['view', 'x', '--width', 'wide'], 'tracewire: --width must be a whole number of columns from 40 to 1000, got "wide"'],
    [['frobnicate'], 'tracewire: unknown command "frobnicate": the command is "view" (see tracewire --help)'],
  ])('%j', async (argv, message) => {
    const run = await runMain(argv);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('a malformed file names its line; an unwritable --html path is a user error too', async () => {
    const bad = await dir.write('bad.jsonl', `${jsonlLines(ALL[0]!, SEQUENTIAL)}\n{"traceId": 1}\n`);
    const run = await runMain(['view', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`tracewire: ${bad}:4: "traceId" must be 32 hex digits, got 1\n`);
    const html = await runMain(['view', jsonl, '-q', '--html', `${dir.path}/missing-dir/report.html`]);
    expect(html.code).toBe(2);
    expect(html.stderr).toBe(`tracewire: ${dir.path}/missing-dir/report.html: cannot write the HTML report (ENOENT)\n`);
  });

  it('--help and --version exit 0', async () => {
    const help = await runMain(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--trace', '--service', '--min-duration', '--errors', '--json', '--html', '--width', '--color', '--no-color', '--skew-tolerance']) {
      expect(help.stdout).toContain(flag);
    }
    expect(await runMain(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
