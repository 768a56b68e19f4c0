// @ts-check
'use strict';
const http = require('node:http');
const { SpanKind, SpanStatusCode, active, extract, inject } = require('@tracewire/core');
const { parseCallList } = require('./call-list');
const { postJson } = require('./post-json');
const { BodyTooLargeError, readBody } = require('./read-body');

/**
 * @typedef {object} TestServiceOptions
 * @property {import('@tracewire/core').Tracer} tracer
 * @property {string} [testPath]       the path the harness POSTs to (default `/test`)
 * @property {number} [maxBodyBytes]   larger request bodies are answered with 413 (default 1 MiB)
 * @property {number} [callTimeoutMs]  limit for each downstream call (default 10 s)
 */

/**
 * The service the W3C trace-context harness drives: `POST {testPath}` with a JSON array of
 * `{ url, arguments }` makes one traced POST per item, in order, each carrying the propagated
 * context, and answers 200 once all of them are done. Returns a server that is not yet listening.
 *
 * @param {TestServiceOptions} options
 * @returns {http.Server}
 */
function createTestService({ tracer, testPath = '/test', maxBodyBytes = 1024 * 1024, callTimeoutMs = 10_000 }) {
  const settings = { tracer, testPath, maxBodyBytes, callTimeoutMs };
  return http.createServer((req, res) => {
    handleRequest(settings, req, res).catch((error) => {
      // Nothing above should throw; if it does, the client still gets an answer and the
      // process keeps serving.
      if (!res.headersSent) reply(res, 500, `internal error: ${describe(error)}`);
      else res.destroy();
    });
  });
}

/**
 * @param {Required<TestServiceOptions>} settings
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function handleRequest(settings, req, res) {
  const path = (req.url ?? '').split('?', 1)[0];
  if (path !== settings.testPath) return reply(res, 404, 'not found');
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return reply(res, 405, 'method not allowed; use POST');
  }

  let body;
  try {
    body = await readBody(req, settings.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    // The unread rest of the body makes the connection unusable: close it after answering.
    res.setHeader('connection', 'close');
    return reply(res, 413, error.message);
  }
  const parsed = parseCallList(body.toString('utf8'));
  if ('error' in parsed) return reply(res, 400, parsed.error);

  // All header parsing (invalid or repeated traceparent, tracestate rules) is the core's job;
  // without a valid traceparent, extract returns the root context, so a new trace starts.
  const incoming = extract(req.headers);
  const spanOptions = {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'POST', 'url.path': settings.testPath, 'http.route': settings.testPath },
  };
  const results = await settings.tracer.startActiveSpan(`POST ${settings.testPath}`, spanOptions, incoming, async (span) => {
    const serverContext = active();
    const outcomes = [];
    // Strictly one after the other: the harness checks the order in which calls arrive.
    for (const call of parsed.calls) {
      outcomes.push(await callDownstream(settings, serverContext, call));
    }
    span.setAttribute('http.response.status_code', 200);
    return outcomes;
  });
  reply(res, 200, JSON.stringify({ calls: results }), 'application/json');
}

/**
 * One downstream POST inside its own CLIENT span, a child of the server span: a new parent-id for
 * every call, same trace id. A failure is recorded on the span and reported back, never thrown,
 * so the calls after it still happen.
 *
 * @param {Required<TestServiceOptions>} settings
 * @param {import('@tracewire/core').TraceContext | undefined} parentContext
 * @param {import('./call-list').Call} call
 */
function callDownstream(settings, parentContext, call) {
  const spanOptions = {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': 'POST', 'url.full': call.url },
  };
  return settings.tracer.startActiveSpan('POST', spanOptions, parentContext, async (span) => {
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/json' };
    inject(active(), headers); // the active context now holds this CLIENT span
    try {
      const status = await postJson(call.url, call.body, headers, settings.callTimeoutMs);
      span.setAttribute('http.response.status_code', status);
      if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
      return { url: call.url, status };
    } catch (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
      return { url: call.url, error: describe(error) };
    }
  });
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string} [contentType]
 */
function reply(res, status, text, contentType = 'text/plain; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.end(contentType.startsWith('text/') ? `${text}\n` : text);
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

module.exports = { createTestService };
