import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The example runs as users run it: plain node on the built packages (`npx tsc -b packages/*` first).
describe('express example app (--once)', () => {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'index.js'), '--once'], { encoding: 'utf8', timeout: 30_000 });
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  test('exits 0 on its own', () => {
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('the handler\'s log line carries the caller\'s trace id', () => {
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toEqual([expect.objectContaining({ msg: 'loading user', user: '42', trace_id: traceId, trace_flags: '01' })]);
    expect(lines[0]!.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the SERVER span is printed, named after the route, and answered in traceresponse', () => {
    expect(run.stdout).toMatch(/\[express-app trace 4bf92f35… span [0-9a-f]{8}…\] SERVER GET \/users\/:id /);
    expect(run.stdout).toMatch(new RegExp(`traceresponse: 00-${traceId}-[0-9a-f]{16}-01`));
  });
});
