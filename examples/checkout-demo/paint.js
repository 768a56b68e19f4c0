// @ts-check
'use strict';
// Terminal colours for the demo's own lines: only on a TTY, never when NO_COLOR is set.

const enabled = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const wrap = (open, close) => (text) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : String(text));
const SERVICE_COLOURS = { gateway: 36, inventory: 35, shipping: 33 };

const paint = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  trace: wrap(32, 39),
  service: (name) => wrap(SERVICE_COLOURS[name] ?? 34, 39)(`[${name}]`.padEnd(11)),
};

module.exports = { paint };
