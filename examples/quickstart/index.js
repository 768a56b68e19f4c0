// @ts-check
'use strict';
// Two services in one process, each with its own tracer (as two processes would have): `web`
// answers GET /checkout by calling `api` GET /stock/42. Every log line carries the trace ids, the
// console exporter prints each service's span tree, and the W3C headers carry the trace across.
// Uses only @tracewire/core and node:http; the framework adapters will make this one line each.

const http = require('node:http');
const { SpanKind, active, createTracer, currentIds, extract, inject } = require('@tracewire/core');

/** One JSON log line with the active trace ids, as a log adapter would write it. */
function log(service, msg) {
  const ids = currentIds();
  const fields = ids ? { trace_id: ids.traceId, span_id: ids.spanId, trace_flags: ids.traceFlags } : {};
  console.log(JSON.stringify({ service, msg, ...fields }));
}

/**
 * A node:http service with one route, whose handler runs inside a SERVER span continuing the
 * caller's trace. The span is named after the route template, never the raw URL (ids in paths
 * would make every name unique).
 */
function service(name, route, handle) {
  const tracer = createTracer({ serviceName: name, exporter: 'console', register: false });
  const server = http.createServer((req, res) => {
    tracer.startActiveSpan(`${req.method} ${route}`, { kind: SpanKind.SERVER }, extract(req.headers), async (span) => {
      try {
        const body = await handle(tracer);
        res.end(JSON.stringify(body));
      } catch (error) {
        span.recordException(error);
        res.statusCode = 500;
        res.end();
      }
      span.setAttribute('http.response.status_code', res.statusCode);
    });
  });
  return { tracer, server };
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
}

async function main() {
  const api = service('api', '/stock/:id', async () => {
    log('api', 'looking up stock for item 42');
    await new Promise((resolve) => setTimeout(resolve, 15));
    return { item: 42, inStock: 3 };
  });
  const apiUrl = await listen(api.server);

  const web = service('web', '/checkout', async (tracer) => {
    log('web', 'checkout started');
    const stock = await tracer.startActiveSpan('GET', { kind: SpanKind.CLIENT }, async () => {
      const headers = {};
      inject(active(), headers); // traceparent (+ tracestate, baggage) for the next hop
      const response = await fetch(`${apiUrl}/stock/42`, { headers });
      return response.json();
    });
    log('web', `checkout done, ${stock.inStock} in stock`);
    return { ok: true };
  });
  const webUrl = await listen(web.server);

  const callers = [
    ['a request with no trace context (a new trace starts)', {}],
    ['a request continuing a caller\'s trace', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['a request with a malformed traceparent (ignored: a new trace starts)', { traceparent: '00-XYZ-00f067aa0ba902b7-01' }],
  ];
  for (const [title, headers] of callers) {
    console.log(`\n=== ${title}: ${JSON.stringify(headers)}`);
    await fetch(`${webUrl}/checkout`, { headers }).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  for (const { server, tracer } of [web, api]) {
    server.closeAllConnections();
    server.close();
    await tracer.shutdown();
  }
  console.log('\nSame trace_id on every line of one request, across both services. Run the tests with: npm test');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
