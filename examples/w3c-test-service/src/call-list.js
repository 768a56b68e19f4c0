// @ts-check
'use strict';

/**
 * @typedef {object} Call  One downstream request the harness asks for.
 * @property {string} url   where to POST
 * @property {string} body  `JSON.stringify(arguments)`, sent as-is
 */

const USAGE = 'expected a JSON array of {"url": "http://...", "arguments": <any JSON>}';

/**
 * Validates the whole list before anything is sent, so a bad request makes no downstream call
 * at all instead of failing half-way.
 *
 * @param {string} text  the request body
 * @returns {{ calls: Call[] } | { error: string }}
 */
function parseCallList(text) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: `body is not valid JSON; ${USAGE}` };
  }
  if (!Array.isArray(value)) return { error: `body is not an array; ${USAGE}` };
  /** @type {Call[]} */
  const calls = [];
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return { error: `item ${index} is not an object; ${USAGE}` };
    }
    if (typeof item.url !== 'string' || !isHttpUrl(item.url)) {
      return { error: `item ${index}: "url" must be an http:// or https:// URL` };
    }
    if (!('arguments' in item)) return { error: `item ${index}: "arguments" is missing` };
    calls.push({ url: item.url, body: JSON.stringify(item.arguments) });
  }
  return { calls };
}

/** @param {string} text */
function isHttpUrl(text) {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

module.exports = { parseCallList };
