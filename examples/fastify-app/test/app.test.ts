import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The example as a user runs it, in plain node against the built packages (`npx tsc -b packages/*`
// first): with --once it serves one request carrying a traceparent and exits by itself.
describe('fastify example app (--once)', () => {
  const INCOMING_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'index.js'), '--once'], { encoding: 'utf8', timeout: 30_000 });
  const jsonLines = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

  test('exits 0 on its own', () => {
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('the request\'s log line carries the incoming trace id, with no logging code of its own', () => {
    const line = jsonLines.find((l) => l.msg === 'loading user');
    expect(line).toBeDefined();
    expect(line!.trace_id).toBe(INCOMING_TRACE_ID);
    expect(line!.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(line!.trace_flags).toBe('01');
    // Fastify's own "request completed" line carries the same ids
    expect(jsonLines.find((l) => l.msg === 'request completed')).toMatchObject({ trace_id: INCOMING_TRACE_ID, span_id: line!.span_id });
  });

  test('the SERVER span is printed, named after the route, and traceresponse names it', () => {
    expect(run.stdout).toMatch(/\[fastify-app trace 4bf92f35… span [0-9a-f]{8}…\] SERVER GET \/users\/:id /);
    const response = jsonLines.find((l) => l.client === 'response') as { status: number; traceresponse: string } | undefined;
    expect(response?.status).toBe(200);
    const spanId = jsonLines.find((l) => l.msg === 'loading user')?.span_id;
    expect(response?.traceresponse).toBe(`00-${INCOMING_TRACE_ID}-${String(spanId)}-01`);
  });
});
