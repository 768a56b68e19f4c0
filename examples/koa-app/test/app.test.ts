import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The example must run on its own and show the one line at work: the log line written inside the
// route carries the caller's trace id, and the console exporter prints the SERVER span named after
// the route template (needs the built packages: `npx tsc -b packages/*`).
describe('koa example app (--once)', () => {
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'index.js'), '--once'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const logLines = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, string>);

  test('exits 0 by itself', () => {
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test("the route's log line carries the incoming trace id", () => {
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatchObject({ msg: 'user looked up', user: '42', trace_id: TRACE_ID, trace_flags: '01' });
    expect(logLines[0]!.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the SERVER span is printed, named after the route, and answered in traceresponse', () => {
    expect(run.stdout).toMatch(new RegExp(`\\[koa-app trace ${TRACE_ID.slice(0, 8)}… span [0-9a-f]{8}…\\] SERVER GET /users/:id `));
    // the log line's span is the SERVER span the response names
    expect(run.stdout).toContain(`traceresponse 00-${TRACE_ID}-${logLines[0]?.span_id}-01`);
  });
});
