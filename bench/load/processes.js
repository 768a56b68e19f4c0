'use strict';
// The child processes of a load run: the discarding OTLP receiver (one per run) and one server per
// scenario measurement, each forked with an IPC channel. Every wait here is bounded: a child that
// neither answers nor exits within its limit is killed and the run fails with a clear message.

const { fork } = require('node:child_process');
const path = require('node:path');

const START_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 15_000;

/** Sends `message` (if any) and resolves with the child's first reply of type `replyType`. */
function ask(child, label, message, replyType, timeoutMs = REPLY_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const done = (error, value) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value);
    };
    const onMessage = (reply) => {
      if (reply && reply.type === replyType) done(undefined, reply);
      else if (reply && reply.type === 'error') done(new Error(`${label}: ${reply.message}`));
    };
    const onExit = (code, signal) => done(new Error(`${label} exited (${signal || code}) while we waited for '${replyType}'`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(new Error(`${label} sent no '${replyType}' within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message !== undefined) child.send(message);
  });
}

/** Asks the child to exit and waits for it (killing it if it does not go). */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'exit' });
    else child.kill('SIGTERM');
  });
}

async function startReceiver() {
  const child = fork(path.join(__dirname, 'receiver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await ask(child, 'OTLP receiver', undefined, 'ready', START_TIMEOUT_MS);
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    counts: async () => {
      const { requests, bytes } = await ask(child, 'OTLP receiver', { type: 'counts' }, 'counts');
      return { requests, bytes };
    },
    stop: () => stop(child),
  };
}

/**
 * Starts `server.js framework scenario`. The otel scenario gets OpenTelemetry's register file
 * through `--require`, as its docs have it; `profileDir` adds `--cpu-prof`; `exposeGc` lets
 * snapshots collect garbage first (the soak's RSS readings).
 */
async function startServer(framework, scenario, { otlpUrl, profileDir, exposeGc } = {}) {
  const execArgv = [];
  if (scenario === 'otel') execArgv.push('--require', path.join(__dirname, 'otel-register.js'));
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${framework}-${scenario}-${Date.now()}.cpuprofile`);
  if (exposeGc) execArgv.push('--expose-gc');
  const env = { ...process.env, BENCH_FRAMEWORK: framework, BENCH_OTLP_URL: otlpUrl || '' };
  const child = fork(path.join(__dirname, 'server.js'), [framework, scenario], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const label = `${framework}/${scenario} server`;
  const { port, logField } = await ask(child, label, undefined, 'ready', START_TIMEOUT_MS);
  return {
    port,
    logField,
    snapshot: (gc = false) => ask(child, label, { type: 'snapshot', gc }, 'snapshot'),
    flush: async () => (await ask(child, label, { type: 'flush' }, 'flushed')).stats,
    stop: () => stop(child),
  };
}

module.exports = { startReceiver, startServer };
