'use strict';
// What a result depends on, printed at the top of every run: versions, machine, load, command.

const os = require('node:os');

function versionOf(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return 'not installed';
  }
}

const FRAMEWORK_PACKAGES = { express: 'express', koa: 'koa', fastify: 'fastify' };

function frameworkVersions() {
  return Object.fromEntries(Object.entries(FRAMEWORK_PACKAGES).map(([name, pkg]) => [name, versionOf(pkg)]));
}

function describeEnvironment(argv) {
  const cpus = os.cpus();
  const libraries = [
    'pino', 'autocannon', '@tracewire/core', '@opentelemetry/sdk-trace-node', '@opentelemetry/instrumentation-http',
    '@opentelemetry/instrumentation-express', '@opentelemetry/instrumentation-koa', '@fastify/otel',
    '@opentelemetry/instrumentation-pino', '@opentelemetry/exporter-trace-otlp-proto', 'cls-rtracer', 'pino-http',
  ];
  return [
    `command: node bench/load/run.js ${argv.join(' ')}`,
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus.length} × ${cpus[0] ? cpus[0].model : 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `node ${process.version}; ${Object.entries(frameworkVersions()).map(([n, v]) => `${n} ${v}`).join(', ')}`,
    libraries.map((name) => `${name} ${versionOf(name)}`).join(', '),
  ].join('\n');
}

module.exports = { describeEnvironment, frameworkVersions };
