/**
 * Keeps the load harness working (issue 9): `bench/load/run.js --smoke` for one framework and a
 * few scenarios must finish by itself, print a table row per scenario, and have done what each
 * scenario says — every request answered, the tracewire-full server exporting one span per request
 * it handled (warm-up included) to the discarding receiver, OpenTelemetry's set-up posting too.
 * No performance assertion: smoke numbers mean nothing. Needs the built packages (`npm test`
 * builds first); everything runs on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Row {
  requests: number;
  errors: number;
  otlpPosts: number;
  spans?: { exported: number; dropped: number; failed: number };
}

const RUN_JS = join(__dirname, '..', 'load', 'run.js');
const SCENARIOS = ['bare', 'tracewire-propagate', 'tracewire-full', 'otel'];
// what --smoke sends per scenario (bench/load/run.js): a warm-up, then the measured requests
const SMOKE_WARMUP = 50;
const SMOKE_REQUESTS = 300;

function runHarness(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    // a shell's OTEL_* settings must not reach the servers (the otel scenario reads the SDK's env)
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const child = spawn(process.execPath, [RUN_JS, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('load harness, --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracewire-bench-'));
  const jsonFile = join(dir, 'smoke.json');
  let run: Run;
  let summary: Record<string, Row>;

  beforeAll(async () => {
    run = await runHarness(['express', SCENARIOS.join(','), '--smoke', '--json', jsonFile], 170_000);
    if (run.code === 0) summary = JSON.parse(readFileSync(jsonFile, 'utf8')).summary.express;
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 by itself', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  });

  it('prints the express table with one row per scenario, and the targets', () => {
    expect(run.stdout).toContain('### express');
    expect(run.stdout).toContain('| scenario | req/s | vs bare |');
    for (const scenario of SCENARIOS) expect(run.stdout).toMatch(new RegExp(`^\\| ${scenario} \\| \\d+ \\| \\d+\\.\\d\\d \\|`, 'm'));
    expect(run.stdout).toMatch(/^\| tracewire-full \/ otel \| express \| ≥ 1\.80 \|/m);
  });

  it('answers every measured request of every scenario without error', () => {
    for (const scenario of SCENARIOS) expect({ scenario, ...summary[scenario] }).toMatchObject({ scenario, requests: SMOKE_REQUESTS, errors: 0 });
  });

  it('tracewire-full exports one span per request handled, none dropped, over OTLP', () => {
    expect(summary['tracewire-full']!.spans).toEqual({ exported: SMOKE_WARMUP + SMOKE_REQUESTS, dropped: 0, failed: 0 });
    expect(summary['tracewire-full']!.otlpPosts).toBeGreaterThanOrEqual(1);
  });

  it('propagate-only records nothing; the otel scenario posts to the same receiver', () => {
    expect(summary['tracewire-propagate']!.spans).toEqual({ exported: 0, dropped: 0, failed: 0 });
    expect(summary['tracewire-propagate']!.otlpPosts).toBe(0);
    expect(summary.otel!.otlpPosts).toBeGreaterThanOrEqual(1);
  });
});

describe('load harness, arguments', () => {
  it('rejects an unknown scenario with the list of known ones, before starting anything', async () => {
    const run = await runHarness(['express', 'bare,nope', '--smoke'], 30_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown scenario: nope');
    expect(run.stderr).toContain('tracewire-full');
  }, 40_000);

  it('--help prints the argument forms', async () => {
    const run = await runHarness(['--help'], 30_000);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run bench -- [frameworks] [scenarios] [rounds] [seconds] [flags]');
    expect(run.stdout).toContain('--soak');
  }, 40_000);
});
