'use strict';
// One measurement of one scenario: a fresh server process, a warm-up (JIT, connections), then the
// measured run between two snapshots of the server's own CPU time and memory. The server's log
// line count is the number of requests it handled in the window (every scenario writes exactly one
// line per request), which makes it the divisor for CPU per request.

const { startServer } = require('./processes');
const { generateLoad, failures } = require('./load-gen');

const cpuMicros = (usage) => usage.user + usage.system;

/** The handler's line must carry the scenario's correlation field: a scenario that quietly stopped correlating must not look fast. */
function checkSample(label, logField, sample) {
  if (logField === undefined) return;
  const line = sample === undefined ? undefined : JSON.parse(sample);
  if (!line || line[logField] === undefined) throw new Error(`${label}: log line lacks "${logField}": ${sample}`);
}

/**
 * `config`: { connections, warmup: limits, run: limits, profileDir } (limits as generateLoad takes).
 * `receiver`: the OTLP receiver (its URL for exporting scenarios, its counters for their traffic).
 */
async function measureScenario(framework, scenario, config, receiver) {
  const label = `${framework}/${scenario}`;
  const server = await startServer(framework, scenario, { otlpUrl: receiver.url, profileDir: config.profileDir });
  try {
    await generateLoad(server.port, config.connections, config.warmup);
    const receivedBefore = await receiver.counts();
    const before = await server.snapshot();
    const result = await generateLoad(server.port, config.connections, config.run);
    const after = await server.snapshot();
    const stats = await server.flush();
    const receivedAfter = await receiver.counts();
    checkSample(label, server.logField, after.sample);
    const handled = after.lines - before.lines;
    return {
      rps: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuPerReq: handled > 0 ? (cpuMicros(after.cpu) - cpuMicros(before.cpu)) / handled : NaN,
      rssMB: after.rss / 2 ** 20,
      requests: result.requests.total,
      handled,
      errors: failures(result),
      // tracer counters cover the warm-up too; the receiver's cover the window and the final flush
      stats,
      otlpPosts: receivedAfter.requests - receivedBefore.requests,
      otlpBytes: receivedAfter.bytes - receivedBefore.bytes,
    };
  } finally {
    await server.stop();
  }
}

module.exports = { measureScenario };
