/**
 * An export in flight must not keep the process alive (its socket and timers are unref'd): a child
 * process whose only pending work is an export to a receiver that never answers, with no
 * deadline, still exits on its own. The child runs the TypeScript sources through a tiny
 * transpile hook (as core's processor test does), so no build is needed.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test-support/otlp-receiver';

let receiver: OtlpReceiver;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(() => receiver.close());

function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const packages = path.resolve(__dirname, '../..');
  const prelude = `
    const fs = require('node:fs');
    const path = require('node:path');
    const Module = require('node:module');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'),
      { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      const match = /^@tracewire\\/([a-z-]+)$/.exec(request);
      return match ? path.join(${JSON.stringify(packages)}, match[1], 'src', 'index.ts') : resolve.call(this, request, ...rest);
    };
  `;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', prelude + script], { timeout: 15_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('process exit', () => {
  it('an export that never gets an answer does not keep the process alive', async () => {
    receiver.reply('hang');
    const child = await runChild(`
      const { OtlpTraceExporter } = require('@tracewire/otlp');
      const { createTracer, InMemorySpanExporter } = require('@tracewire/core');
      const memory = new InMemorySpanExporter();
      const tracer = createTracer({ register: false, env: {}, exporter: memory });
      tracer.startSpan('pending').end();
      tracer.forceFlush().then(() => {
        const exporter = new OtlpTraceExporter({ url: ${JSON.stringify(receiver.tracesUrl)}, env: {}, timeoutMillis: 0 });
        exporter.export(memory.getFinishedSpans()).then(() => console.log('settled'));
        // keep the process busy long enough for the request to reach the receiver, then let go
        setTimeout(() => console.log('let go'), 500);
      });
    `);
    expect(child.stderr).toBe('');
    expect(child.stdout).toContain('let go');
    expect(child.stdout).not.toContain('settled'); // it exited with the export still pending
    expect(child.code).toBe(0);
    expect(child.ms).toBeLessThan(15_000); // not killed by the execFile timeout
    expect(receiver.hits).toBe(1);
  }, 30_000);
});
