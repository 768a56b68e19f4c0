'use strict';
// Where a server's CPU went: `node bench/load/profile-summary.js <file.cpuprofile> [top]`, for the
// profiles `--profile DIR` writes. Prints self time by package (tracewire packages, frameworks,
// node internals, GC, ...) and the functions with the most self time, and, for each tracewire
// function, its inclusive time (itself and what it called), as shares of the whole profile.

const fs = require('node:fs');

function packageOf(url, functionName) {
  if (!url) return functionName === '(idle)' || functionName === '(garbage collector)' || functionName === '(program)' ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/packages\/([^/]+)\/dist\//.exec(url);
  if (own) return `@tracewire/${own[1]}`;
  const mods = url.split('/node_modules/');
  if (mods.length > 1) {
    const parts = mods[mods.length - 1].split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // shares are of the time the process was busy: idle time only says the load generator was slow
  const total = profile.nodes.reduce((sum, n) => sum + (n.callFrame.functionName === '(idle)' ? 0 : n.hitCount || 0), 0);
  const selfByPackage = new Map();
  const selfByFunction = new Map();
  const key = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  for (const n of profile.nodes) {
    const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
    if (pkg === '(idle)') continue;
    selfByPackage.set(pkg, (selfByPackage.get(pkg) || 0) + (n.hitCount || 0));
    selfByFunction.set(key(n), (selfByFunction.get(key(n)) || 0) + (n.hitCount || 0));
  }
  // inclusive time of tracewire functions: a node's hits plus its subtree's, counted once per
  // outermost tracewire frame so recursion and nested tracewire calls are not counted twice
  const inclusive = new Map();
  const subtree = (n) => (n.hitCount || 0) + (n.children || []).reduce((s, id) => s + subtree(byId.get(id)), 0);
  const walk = (n, insideTracewire) => {
    const ours = packageOf(n.callFrame.url, n.callFrame.functionName).startsWith('@tracewire/');
    if (ours && !insideTracewire) inclusive.set(key(n), (inclusive.get(key(n)) || 0) + subtree(n));
    for (const id of n.children || []) walk(byId.get(id), insideTracewire || ours);
  };
  walk(profile.nodes[0], false);
  return { total, selfByPackage, selfByFunction, inclusive };
}

function print(title, map, total, top) {
  console.log(`\n${title}`);
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, hits] of rows) console.log(`${((100 * hits) / total).toFixed(1).padStart(6)} %  ${name}`);
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/load/profile-summary.js <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Math.max(5, Math.min(100, Number(topArg) || 25));
const { total, selfByPackage, selfByFunction, inclusive } = summarise(JSON.parse(fs.readFileSync(file, 'utf8')));
console.log(`${file}: ${total} busy samples (idle left out of every share)`);
print('self time by package', selfByPackage, total, top);
print('self time by function', selfByFunction, total, top);
print('inclusive time of outermost tracewire frames', inclusive, total, top);
