import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The demo `npm start` runs: it must exit 0 by itself, and within one request every log line of
// both services must carry the same trace id (needs the built core: `npm test` builds first).
describe('quickstart demo', () => {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'index.js')], { encoding: 'utf8', timeout: 30_000 });
  const sections = run.stdout.split('\n=== ').slice(1);
  const logLines = (section: string) =>
    section.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>);

  test('exits 0 on its own', () => {
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(sections).toHaveLength(3);
  });

  test('every log line of one request, in both services, shares one trace id', () => {
    const traceIds = sections.map((section) => {
      const lines = logLines(section);
      expect(lines.map((l) => l.service)).toEqual(['web', 'api', 'web']);
      const ids = new Set(lines.map((l) => l.trace_id));
      expect(ids.size).toBe(1);
      return [...ids][0];
    });
    expect(new Set(traceIds).size).toBe(3);
  });

  test('the caller\'s traceparent is continued; a malformed one starts a new trace', () => {
    expect(logLines(sections[1]!)[0]!.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(logLines(sections[2]!)[0]!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(logLines(sections[2]!)[0]!.trace_id).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  test('each service prints its span tree, the client span nested under the server span', () => {
    expect(sections[0]).toMatch(/\[web trace [0-9a-f]{8}… span [0-9a-f]{8}…\] SERVER GET \/checkout/);
    expect(sections[0]).toMatch(/\[web trace [0-9a-f]{8}… span [0-9a-f]{8}…\] {3}CLIENT GET/);
    expect(sections[0]).toMatch(/\[api trace [0-9a-f]{8}… span [0-9a-f]{8}…\] SERVER GET \/stock\/:id/);
  });
});
