import { parseArgs, parseDuration } from '../src/args';
import { CliError } from '../src/errors';

function rejects(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseArgs', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const args = parseArgs([
      'view', 'a.jsonl', '--trace', 'ABCDEF', '--trace=0123', '--service', 'api', '--service=db', '--min-duration', '1.5s',
      '--errors', '--json', '--html=out.html', '--width', '120', '--no-color', '--skew-tolerance=2ms', '-q', 'b.json',
    ]);
    expect(args).toEqual({
      command: 'view',
      files: ['a.jsonl', 'b.json'],
      filter: { traceIds: ['abcdef', '0123'], services: ['api', 'db'], minDurationMs: 1500, errorsOnly: true },
      json: true,
      html: 'out.html',
      width: 120,
      color: false,
      skewToleranceMs: 2,
      quiet: true,
    });
  });

  it('has defaults, and -- ends the flags', () => {
    expect(parseArgs(['view', '--', '--odd-name.jsonl'])).toEqual({
      command: 'view', files: ['--odd-name.jsonl'], filter: { traceIds: [], services: [], errorsOnly: false },
      json: false, html: undefined, width: undefined, color: undefined, skewToleranceMs: 10, quiet: false,
    });
    expect(parseArgs(['view', 'x', '--color'])).toMatchObject({ color: true });
  });

  it('help and version', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['help'])).toEqual({ command: 'help' });
    expect(parseArgs(['view', '-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['-V'])).toEqual({ command: 'version' });
  });

  it('rejects mistakes with a clear message', () => {
    expect(rejects([])).toMatch(/no command given/);
    expect(rejects(['show', 'x'])).toBe('unknown command "show": the command is "view" (see tracewire --help)');
    expect(rejects(['view'])).toBe('no span file given: tracewire view <file>...');
    expect(rejects(['view', 'x', '--bogus'])).toBe('unknown option --bogus (see tracewire --help)');
    expect(rejects(['view', 'x', '--trace'])).toBe('--trace needs a value');
    expect(rejects(['view', 'x', '--trace', 'not-hex'])).toMatch(/^--trace needs a trace id/);
    expect(rejects(['view', 'x', '--width', '20'])).toMatch(/^--width must be a whole number of columns from 40 to 1000/);
    expect(rejects(['view', 'x', '--min-duration', 'soon'])).toBe('--min-duration must be a duration such as 250ms, 1.5s or 800us, got "soon"');
    expect(rejects(['view', 'x', '--errors=yes'])).toBe('--errors takes no value');
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['250', 250],
    ['1.5s', 1500],
    ['800us', 0.8],
    ['800µs', 0.8],
    ['2m', 120_000],
    ['5000ns', 0.005],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, '--x')).toBeCloseTo(ms, 9);
  });

  it.each(['-1ms', '1h', '', 'ms', '1.2.3s'])('rejects %j', (text) => {
    expect(() => parseDuration(text, '--x')).toThrow(CliError);
  });
});
