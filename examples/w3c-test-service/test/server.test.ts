/**
 * `server.js` as the harness runs it: a real child process on a real port. Needs the built core
 * (`npx tsc -b packages/core`; the root `npm test` builds first), since a plain `node` process
 * does not see jest's mapping to the TypeScript sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { closedPort } from '../../../test-support/servers';
import { post, startReceiver } from './helpers/http';
import { outgoingTraceparent } from './helpers/traceparent';

const SERVER_JS = path.join(__dirname, '..', 'server.js');
const CORE_BUILD = path.join(__dirname, '..', '..', '..', 'packages', 'core', 'dist', 'index.js');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<Exit>;
}

const children: ChildProcess[] = [];

afterEach(() => {
  // a failed test must not leave a server behind
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts server.js with only the given environment (plus PATH): no stray OTEL_* settings. */
function startServer(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [SERVER_JS], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** Resolves when `predicate` holds for the output, or fails after `timeoutMs`. */
async function waitFor(running: Running, predicate: (output: string) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(running.output())) {
    if (running.child.exitCode !== null) throw new Error(`server.js exited early:\n${running.output()}`);
    if (Date.now() > deadline) throw new Error(`server.js gave no sign within ${timeoutMs} ms:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function exitWithin(running: Running, timeoutMs: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`server.js still running after ${timeoutMs} ms:\n${running.output()}`)), timeoutMs);
  });
  return Promise.race([running.exited, late]).finally(() => clearTimeout(timer));
}

test('the core is built (run `npx tsc -b packages/core` first)', () => {
  expect(existsSync(CORE_BUILD)).toBe(true);
});

test('serves the harness on PORT and exits 0 on SIGTERM', async () => {
  const port = await closedPort(); // free right now: bound once and released
  const receiver = await startReceiver();
  try {
    const running = startServer({ PORT: String(port) });
    await waitFor(running, (output) => output.includes('listening'), 10_000);
    expect(running.output()).toContain(`http://127.0.0.1:${port}/test`);

    const body = JSON.stringify([{ url: `${receiver.url}/from-server-js`, arguments: [] }]);
    const answer = await post(port, '/test', body, {
      'content-type': 'application/json', traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    });
    expect(answer.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    expect(outgoingTraceparent(receiver.received[0]!.headers).traceId).toBe(TRACE_ID);

    running.child.kill('SIGTERM');
    expect(await exitWithin(running, 5_000)).toEqual({ code: 0, signal: null });
  } finally {
    await receiver.close();
  }
}, 20_000);

test.each([
  ['missing', {}],
  ['not a number', { PORT: 'five-thousand' }],
  ['out of range', { PORT: '70000' }],
])('PORT %s → exit 1 with a message naming PORT', async (_name, env: Record<string, string>) => {
  const running = startServer(env);
  const exit = await exitWithin(running, 5_000);
  expect(exit.code).toBe(1);
  expect(running.output()).toMatch(/PORT/);
});
