// @ts-check
'use strict';
const http = require('node:http');
const https = require('node:https');

/**
 * POSTs a JSON body and resolves with the response status once the response has been read to
 * the end (the harness records the call when it answers, so "finished" means answered). Rejects
 * on connection errors and when the whole exchange takes longer than `timeoutMs`.
 *
 * @param {string} url
 * @param {string} body  already serialised JSON
 * @param {Record<string, string>} headers  the propagation headers and content type
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
function postJson(url, body, headers, timeoutMs) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    // One deadline for connect + send + answer; the timer is unref'd by Node.
    const signal = AbortSignal.timeout(timeoutMs);
    const fail = (/** @type {unknown} */ error) => {
      reject(signal.aborted ? new Error(`no answer from ${url} within ${timeoutMs} ms`) : error);
    };
    const req = transport.request(
      target,
      {
        method: 'POST',
        // An explicit length instead of chunked encoding: simple test servers (Python's
        // http.server, used by the W3C harness) read the body by Content-Length.
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // No pooling: each call gets its own connection, closed after the answer, so nothing
        // outlives the request (and nothing keeps a shutting-down process alive).
        agent: false,
        signal,
      },
      (res) => {
        res.resume(); // the answer's body is not needed, only its arrival
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete) fail(new Error(`connection to ${url} closed before the answer was complete`));
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

module.exports = { postJson };
