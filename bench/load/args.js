'use strict';
// Command line of the load harness (see USAGE). Positional arguments may be left off from the
// right; flags go anywhere. Every number is clamped, so every run is bounded.

const { SCENARIO_NAMES } = require('./scenarios');

const FRAMEWORKS = ['express', 'koa', 'fastify'];

const USAGE = `usage: npm run bench -- [frameworks] [scenarios] [rounds] [seconds] [flags]
  frameworks   all (default) or a comma list of ${FRAMEWORKS.join(', ')}
  scenarios    all (default) or a comma list of ${SCENARIO_NAMES.join(', ')}
  rounds       interleaved rounds per scenario (default 3; 1–20)
  seconds      measured seconds per round (default 5; 1–60), after a 1 s warm-up
flags
  --smoke            1 round of 300 requests per scenario (after 50 to warm up): checks the harness only
  --soak             ${'`'}tracewire-full${'`'} on the first framework given: --amount requests at --rate per second
  --amount N         soak requests (default 1000000; 1000–5000000)
  --rate N           soak requests per second (default 2000; 100–20000)
  --connections N    concurrent connections (default 50; smoke 10; 1–500)
  --profile DIR      run each server with node --cpu-prof, profiles written to DIR
  --json FILE        also write every sample and the summary as JSON to FILE
  --help`;

function clamp(value, min, max, fallback) {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}

function pickList(arg, known, what) {
  if (arg === undefined || arg === 'all') return known;
  const list = arg.split(',').filter(Boolean);
  const unknown = list.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return list;
}

function parseArgs(argv) {
  const flags = {};
  const positional = [];
  const withValue = new Set(['--amount', '--rate', '--connections', '--profile', '--json']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (withValue.has(arg)) flags[arg.slice(2)] = argv[++i];
    else if (arg.startsWith('--')) flags[arg.slice(2)] = true;
    else positional.push(arg);
  }
  const known = new Set(['smoke', 'soak', 'help', ...[...withValue].map((f) => f.slice(2))]);
  const unknownFlag = Object.keys(flags).find((f) => !known.has(f));
  if (unknownFlag) throw new Error(`unknown flag --${unknownFlag}\n${USAGE}`);
  const [frameworkArg, scenarioArg, roundsArg, secondsArg] = positional;
  const mode = flags.soak ? 'soak' : flags.smoke ? 'smoke' : 'load';
  return {
    help: Boolean(flags.help),
    mode,
    frameworks: pickList(frameworkArg, FRAMEWORKS, 'framework'),
    scenarios: pickList(scenarioArg, SCENARIO_NAMES, 'scenario'),
    rounds: mode === 'smoke' ? 1 : clamp(roundsArg, 1, 20, 3),
    seconds: clamp(secondsArg, 1, 60, 5),
    connections: clamp(flags.connections, 1, 500, mode === 'smoke' ? 10 : 50),
    amount: clamp(flags.amount, 1000, 5_000_000, 1_000_000),
    rate: clamp(flags.rate, 100, 20_000, 2000),
    profileDir: typeof flags.profile === 'string' ? flags.profile : undefined,
    jsonFile: typeof flags.json === 'string' ? flags.json : undefined,
  };
}

module.exports = { parseArgs, USAGE };
