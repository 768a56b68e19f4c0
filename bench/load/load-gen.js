'use strict';
// The load generator: autocannon in the harness process, against a server on 127.0.0.1, sending a
// different valid `traceparent` (sampled) on every request, as real traffic between services has.

const crypto = require('node:crypto');
const autocannon = require('autocannon');

function randomTraceparent() {
  // 16 + 8 random bytes: trace-id and parent-id; all-zero ids (invalid) are as likely as a collision
  const hex = crypto.randomBytes(24).toString('hex');
  return `00-${hex.slice(0, 32)}-${hex.slice(32)}-01`;
}

/**
 * One autocannon run. `limits` is `{ seconds }` or `{ amount, rate? }` (rate: requests per second
 * over all connections). Resolves with autocannon's result.
 */
function generateLoad(port, connections, limits) {
  const options = {
    url: `http://127.0.0.1:${port}/users/42`,
    connections,
    pipelining: 1,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, traceparent: randomTraceparent() } }) }],
  };
  if (limits.seconds !== undefined) options.duration = limits.seconds;
  else options.amount = limits.amount;
  if (limits.rate !== undefined) options.overallRate = limits.rate;
  return autocannon(options);
}

/** Failed requests of one run: socket errors, timeouts and non-2xx answers. */
function failures(result) {
  return result.errors + result.timeouts + result.non2xx;
}

module.exports = { generateLoad, failures };
