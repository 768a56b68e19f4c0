'use strict';
// Soak mode (`--soak`): `--amount` requests (default 1,000,000) through `tracewire-full` at a fixed
// `--rate` (default 2,000/s) with default batch settings, exporting to the discarding receiver.
// Reports RSS at start and end (as read, and after a full GC), RSS and heap readings along the way
// (a leak shows as heap that keeps growing; RSS also moves with what V8 and malloc keep in
// reserve), and the tracer's counters: spans exported, dropped, failed.

const { startServer } = require('./processes');
const { generateLoad, failures } = require('./load-gen');

const READING_EVERY_MS = 30_000;
const MB = 2 ** 20;

async function soak(options, receiver) {
  const framework = options.frameworks[0];
  const server = await startServer(framework, 'tracewire-full', { otlpUrl: receiver.url, profileDir: options.profileDir, exposeGc: true });
  try {
    const warmup = Math.min(50_000, Math.ceil(options.amount / 20));
    console.log(`\nsoak: ${framework}/tracewire-full, ${warmup} warm-up requests, then ${options.amount} at ${options.rate}/s over ${options.connections} connections`);
    await generateLoad(server.port, options.connections, { amount: warmup, rate: options.rate });
    const startAsRead = await server.snapshot(false);
    const start = await server.snapshot(true);
    const began = Date.now();
    const readings = [];
    // one reading in flight at a time; the last one is awaited before the end snapshots
    let pending = Promise.resolve();
    const timer = setInterval(() => {
      pending = pending.then(async () => {
        const r = await server.snapshot(false);
        const reading = { seconds: Math.round((Date.now() - began) / 1000), rssMB: r.rss / MB, heapMB: r.heapUsed / MB, handled: r.lines - start.lines };
        readings.push(reading);
        console.log(`  ${reading.seconds} s: ${reading.handled} handled, RSS ${reading.rssMB.toFixed(1)} MB, heap used ${reading.heapMB.toFixed(1)} MB`);
      });
    }, READING_EVERY_MS);
    let result;
    try {
      result = await generateLoad(server.port, options.connections, { amount: options.amount, rate: options.rate });
    } finally {
      clearInterval(timer);
      await pending;
    }
    const endAsRead = await server.snapshot(false);
    const end = await server.snapshot(true);
    const stats = await server.flush();
    const handled = end.lines; // warm-up included, as the tracer's counters are
    const summary = {
      framework,
      requests: result.requests.total,
      errors: failures(result),
      seconds: result.duration,
      rate: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuPerReq: (end.cpu.user + end.cpu.system - start.cpu.user - start.cpu.system) / (end.lines - start.lines),
      rssStartAsReadMB: startAsRead.rss / MB,
      rssStartMB: start.rss / MB,
      rssEndAsReadMB: endAsRead.rss / MB,
      rssEndMB: end.rss / MB,
      heapStartMB: start.heapUsed / MB,
      heapEndMB: end.heapUsed / MB,
      handled,
      stats,
      readings,
    };
    console.log(soakTable(summary));
    return { soak: summary };
  } finally {
    await server.stop();
  }
}

function soakTable(s) {
  const f = (v, d = 1) => v.toFixed(d);
  const signed = (v) => `${v >= 0 ? '+' : ''}${f(v)}`;
  return [
    '',
    `| measure | value |`,
    `|---|---:|`,
    `| requests (after warm-up) / errors | ${s.requests} / ${s.errors} |`,
    `| achieved rate | ${f(s.rate, 0)} req/s over ${f(s.seconds, 0)} s |`,
    `| p50 / p99 latency | ${f(s.p50)} / ${f(s.p99)} ms |`,
    `| server CPU | ${f(s.cpuPerReq, 0)} µs/req |`,
    `| RSS start → end, as read | ${f(s.rssStartAsReadMB)} → ${f(s.rssEndAsReadMB)} MB (${signed(s.rssEndAsReadMB - s.rssStartAsReadMB)} MB) |`,
    `| RSS start → end, each after a full GC | ${f(s.rssStartMB)} → ${f(s.rssEndMB)} MB (${signed(s.rssEndMB - s.rssStartMB)} MB) |`,
    `| RSS first reading (${s.readings.length > 0 ? s.readings[0].seconds : '–'} s) → end, as read | ${s.readings.length > 0 ? `${f(s.readings[0].rssMB)} → ${f(s.rssEndAsReadMB)} MB (${signed(s.rssEndAsReadMB - s.readings[0].rssMB)} MB)` : '–'} |`,
    `| heap used start → end (after GC) | ${f(s.heapStartMB)} → ${f(s.heapEndMB)} MB |`,
    `| requests handled (incl. warm-up) | ${s.handled} |`,
    `| spans exported / dropped / failed | ${s.stats.exported} / ${s.stats.dropped} / ${s.stats.failed} |`,
    '',
    `RSS along the way (MB): ${s.readings.map((r) => `${r.seconds}s ${f(r.rssMB, 0)}`).join(', ') || '–'}`,
  ].join('\n');
}

module.exports = { soak };
