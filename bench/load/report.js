'use strict';
// Tables of a load run: medians over the interleaved rounds, throughput as a ratio to `bare` from
// the same run, and where each of issue 9's targets stands. Plain text, one markdown table per
// framework, so RESULTS.md can take the output as it is.

const TARGETS = [
  { name: 'tracewire-full / bare', num: 'tracewire-full', den: 'bare', goal: { express: 0.9, koa: 0.9, fastify: 0.85 } },
  { name: 'tracewire-propagate / als-only', num: 'tracewire-propagate', den: 'als-only', goal: { express: 0.97, koa: 0.97, fastify: 0.97 } },
  { name: 'tracewire-full / otel', num: 'tracewire-full', den: 'otel', goal: { express: 1.8, koa: 2.0, fastify: 3.0 } },
];

function median(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

/** One row per scenario: medians of the rounds, totals of errors and export counters. */
function summarise(samplesByScenario) {
  const rows = {};
  for (const [scenario, samples] of Object.entries(samplesByScenario)) {
    const stats = samples.map((s) => s.stats).filter(Boolean);
    rows[scenario] = {
      rps: median(samples.map((s) => s.rps)),
      p50: median(samples.map((s) => s.p50)),
      p99: median(samples.map((s) => s.p99)),
      cpuPerReq: median(samples.map((s) => s.cpuPerReq)),
      rssMB: median(samples.map((s) => s.rssMB)),
      requests: sum(samples.map((s) => s.requests)),
      errors: sum(samples.map((s) => s.errors)),
      otlpPosts: sum(samples.map((s) => s.otlpPosts)),
      spans: stats.length === 0 ? undefined : { exported: sum(stats.map((s) => s.exported)), dropped: sum(stats.map((s) => s.dropped)), failed: sum(stats.map((s) => s.failed)) },
    };
  }
  return rows;
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function frameworkTable(framework, versions, rows) {
  const bare = rows.bare ? rows.bare.rps : NaN;
  const lines = [
    `### ${framework} ${versions[framework] || ''}`.trimEnd(),
    '',
    '| scenario | req/s | vs bare | p50 ms | p99 ms | CPU µs/req | RSS MB | requests | errors | OTLP posts | spans exported / dropped |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [scenario, r] of Object.entries(rows)) {
    const spans = r.spans ? `${r.spans.exported} / ${r.spans.dropped}${r.spans.failed ? ` (${r.spans.failed} failed)` : ''}` : '';
    lines.push(
      `| ${scenario} | ${fixed(r.rps, 0)} | ${fixed(r.rps / bare, 2)} | ${fixed(r.p50, 1)} | ${fixed(r.p99, 1)} | ${fixed(r.cpuPerReq, 0)} | ${fixed(r.rssMB, 0)} | ${r.requests} | ${r.errors} | ${r.otlpPosts || ''} | ${spans} |`,
    );
  }
  return lines.join('\n');
}

/** Where each target stands, for the frameworks and scenarios this run measured. */
function targetsTable(rowsByFramework) {
  const lines = ['| target (throughput ratio) | framework | goal | measured | |', '|---|---|---:|---:|---|'];
  for (const target of TARGETS) {
    for (const [framework, rows] of Object.entries(rowsByFramework)) {
      if (!rows[target.num] || !rows[target.den]) continue;
      const ratio = rows[target.num].rps / rows[target.den].rps;
      const goal = target.goal[framework];
      lines.push(`| ${target.name} | ${framework} | ≥ ${goal.toFixed(2)} | ${fixed(ratio, 2)} | ${ratio >= goal ? 'met' : 'missed'} |`);
    }
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

module.exports = { summarise, frameworkTable, targetsTable, median };
