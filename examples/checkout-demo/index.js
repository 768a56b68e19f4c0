// @ts-check
'use strict';
// `npm start`: the checkout demo. A gateway (Express) calls an inventory service (Koa) and a
// shipping service (Fastify) in parallel; both call a slow "external API". Each service is a
// process of its own, traced with its framework's one line, logging JSON lines with pino or
// winston. Three requests go through (a normal checkout, a slow one, one that fails downstream);
// then the demo prints every service's log lines grouped by trace, stops the services (each
// flushes its spans), and shows each trace's waterfall with `tracewire view`. Nothing outside
// 127.0.0.1 is needed. TRACEWIRE_DEMO_DIR chooses where the span files go.

const { fork, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { externalApi } = require('./external-api');
const { paint } = require('./paint');

const DIR = path.resolve(process.env.TRACEWIRE_DEMO_DIR ?? path.join(__dirname, '.tracewire'));
const REQUESTS = [
  ['a normal checkout', '/checkout/1001'],
  ['a slow checkout (express shipping: the external rates API takes ~450 ms)', '/checkout/1002?express=1'],
  ['a checkout that fails downstream (the external API answers 500 for a discontinued item)', '/checkout/1003?sku=discontinued'],
];

/** @typedef {{ name: string, child: import('node:child_process').ChildProcess, url: string }} Service */

/** Every JSON log line the services print, in arrival order. */
const logLines = /** @type {Array<{ service: string, line: Record<string, unknown>, raw: string }>} */ ([]);

/** Forks one service and resolves once it listens. */
function start(name, env) {
  const child = fork(path.join(__dirname, 'services', `${name}.js`), [], {
    env: { ...process.env, ...env, OTEL_SERVICE_NAME: name, TRACEWIRE_JSONL_FILE: path.join(DIR, `${name}.jsonl`) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (raw) => {
    try {
      logLines.push({ service: name, line: JSON.parse(raw), raw });
    } catch {
      console.log(`[${name}] ${raw}`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited early (${code})`)));
    child.on('message', (message) => {
      const m = /** @type {{ type?: string, url?: string }} */ (message);
      if (m.type === 'listening') resolve({ name, child, url: m.url });
    });
  });
}

/** Asks a service to stop (it closes its server and flushes its spans) and waits for it to exit. */
function stop(/** @type {Service} */ service) {
  return new Promise((resolve) => {
    service.child.once('exit', resolve);
    service.child.send({ type: 'stop' });
  });
}

function traceIdOf(traceresponse) {
  return /^00-([0-9a-f]{32})-/.exec(traceresponse ?? '')?.[1];
}

function printLogs(results) {
  console.log(paint.bold('\nLog lines of the three services, grouped by trace (each is the line pino or winston wrote):'));
  for (const { title, traceId } of results) {
    console.log(`\n${paint.bold(title)} ${paint.dim('trace_id')} ${paint.trace(traceId ?? '?')}`);
    for (const { service, raw, line } of logLines) {
      if (line.trace_id === traceId) console.log(`  ${paint.service(service)} ${raw}`);
    }
  }
  const outside = logLines.filter((l) => !results.some((r) => r.traceId === l.line.trace_id));
  if (outside.length > 0) console.log(paint.dim(`\n(${outside.length} line(s) logged outside any request: startup and shutdown, no ids)`));
}

/** One file with every service's spans, for `tracewire view`. */
function mergeSpanFiles(names) {
  const merged = path.join(DIR, 'spans.jsonl');
  const text = names.map((name) => path.join(DIR, `${name}.jsonl`)).filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file, 'utf8')).join('');
  fs.writeFileSync(merged, text);
  return merged;
}

function view(file) {
  let bin;
  try {
    const pkgPath = require.resolve('@tracewire/cli/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
    bin = path.join(path.dirname(pkgPath), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.tracewire);
  } catch {
    console.log(`(tracewire view is not installed here: read ${file} with any JSONL reader)`);
    return;
  }
  const width = String(Math.max(80, Math.min(process.stdout.columns ?? 120, 160)));
  const report = path.join(DIR, 'report.html');
  const args = [bin, 'view', file, '--width', width, '--html', report, '--quiet'];
  console.log(paint.bold(`\nThe waterfall of each trace (tracewire view ${path.relative(process.cwd(), file)}):\n`));
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(tracewire view exited with ${result.status})`);
  else console.log(paint.bold(`\nThe same as a page to click through (no network needed): ${report}`));
}

async function main() {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  console.log(paint.bold('tracewire checkout demo') + paint.dim(` — every service on 127.0.0.1, spans in ${DIR}`));
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) console.log(`Also exporting to the OTLP collector at ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`);

  const external = externalApi();
  await new Promise((resolve) => external.listen(0, '127.0.0.1', () => resolve(undefined)));
  const EXTERNAL_URL = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (external.address()).port}`;
  console.log(`Starting inventory (Koa + winston), shipping (Fastify + pino), gateway (Express + pino); external API at ${EXTERNAL_URL}`);
  const [inventory, shipping] = await Promise.all([start('inventory', { EXTERNAL_URL }), start('shipping', { EXTERNAL_URL })]);
  const gateway = await start('gateway', { INVENTORY_URL: inventory.url, SHIPPING_URL: shipping.url });
  const services = [gateway, inventory, shipping];

  const results = [];
  for (const [title, route] of REQUESTS) {
    const started = performance.now();
    const response = await fetch(`${gateway.url}${route}`);
    await response.text();
    const ms = Math.round(performance.now() - started);
    const traceId = traceIdOf(response.headers.get('traceresponse'));
    console.log(`→ GET ${route}: ${response.status} in ${ms} ms, trace ${paint.trace(traceId ?? '?')} ${paint.dim(`(${title})`)}`);
    results.push({ title: `${title[0].toUpperCase()}${title.slice(1)}: GET ${route} → ${response.status}`, traceId });
  }

  console.log('Stopping the services (each flushes its spans on the way out)…');
  await Promise.all(services.map(stop));
  external.close();
  printLogs(results);
  view(mergeSpanFiles(services.map((s) => s.name)));
  console.log(paint.dim(`\nRun it again with: npm start · the tests: npm test · the span file: ${path.join(DIR, 'spans.jsonl')}`));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
