/**
 * Every preset gives exactly the keys and formats of SPEC-NOTES §10, checked as whole JSON lines
 * against literal values worked out by hand from the spec (the Datadog decimals are the low 64 bits
 * of the W3C example ids, converted outside this code: 0xa3ce929d0e0e4736 = 11803532876627986230).
 */
import { ROOT_CONTEXT, TracewireError, setDiagLogger } from '@tracewire/core';
import winston from 'winston';
import { traceFormat, type TraceFormatOptions } from '../src';
import { SPAN_ID, TRACE_ID, inServerAndChild, remote, run, withRequestAndBaggage } from './helpers/contexts';
import { streamLogger, type Line } from './helpers/loggers';

const { combine, json } = winston.format;

/** The JSON lines `traceFormat(options)` + `json()` writes for one `info('hello')` per context. */
async function linesFor(options: TraceFormatOptions | undefined, ...contexts: Array<Parameters<typeof run>[0]>): Promise<Line[]> {
  const out = streamLogger(combine(traceFormat(options), json()));
  for (const context of contexts) run(context, () => out.logger.info('hello'));
  const lines = out.lines();
  await out.close();
  return lines;
}

const hello = { level: 'info', message: 'hello' };

describe('otel (default)', () => {
  test('trace_id, span_id, trace_flags as lowercase hex, top level; sampled, unsampled and random-flag parents', async () => {
    expect(await linesFor(undefined, remote('01'), remote('00'), remote('03'))).toEqual([
      { ...hello, trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' },
      { ...hello, trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '00' },
      { ...hello, trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '03' },
    ]);
  });

  test('custom key names', async () => {
    expect(await linesFor({ keys: { traceId: 'traceId', spanId: 'spanId', traceFlags: 'traceFlags' } }, remote())).toEqual([
      { ...hello, traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: '01' },
    ]);
  });

  test('request id and selected baggage keys, each a flat key; absent entries add nothing', async () => {
    const context = withRequestAndBaggage(remote(), 'req-42', 'tenant=acme,plan=pro,secret=x');
    expect(await linesFor({ requestId: true, baggageKeys: ['tenant', 'plan', 'region'] }, context)).toEqual([
      { ...hello, trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01', request_id: 'req-42', 'baggage.tenant': 'acme', 'baggage.plan': 'pro' },
    ]);
    expect(await linesFor({ requestId: 'requestId' }, context)).toEqual([{ ...hello, trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01', requestId: 'req-42' }]);
  });
});

describe('ecs', () => {
  test('entry span: trace.id + transaction.id; child span: + span.id — nested objects', async () => {
    const out = streamLogger(combine(traceFormat({ preset: 'ecs' }), json()));
    const { server, child } = inServerAndChild(remote(), (where) => out.logger.info(where));
    const serverId = server.spanContext().spanId;
    expect(out.lines()).toEqual([
      { level: 'info', message: 'server', trace: { id: TRACE_ID }, transaction: { id: serverId } },
      { level: 'info', message: 'child', trace: { id: TRACE_ID }, span: { id: child.spanContext().spanId }, transaction: { id: serverId } },
    ]);
    await out.close();
  });
});

describe('datadog', () => {
  test('dd.trace_id = low 64 bits of the trace id, dd.span_id = span id, both unsigned decimal strings', async () => {
    expect(await linesFor({ preset: 'datadog', env: {} }, remote())).toEqual([{ ...hello, dd: { trace_id: '11803532876627986230', span_id: '67667974448284343' } }]);
    // low 64 bits with the top bit set: unsigned, not negative (0x8448eb211c80319c, 0xb7ad6b7169203331)
    const high = remote('01', '0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331');
    expect(await linesFor({ preset: 'datadog', env: {} }, high)).toEqual([{ ...hello, dd: { trace_id: '9532127138774266268', span_id: '13235353014750950193' } }]);
  });

  test('dd.service / dd.env / dd.version when known, from options or DD_* variables; 32-hex trace id opt-in', async () => {
    const fromOptions = { preset: 'datadog', env: {}, datadog: { service: 'shop', env: 'prod', version: '1.2.3' } } as const;
    expect(await linesFor(fromOptions, remote())).toEqual([
      { ...hello, dd: { trace_id: '11803532876627986230', span_id: '67667974448284343', service: 'shop', env: 'prod', version: '1.2.3' } },
    ]);
    const fromEnv: TraceFormatOptions = { preset: 'datadog', env: { DD_SERVICE: 'cart', DD_VERSION: '9' } };
    expect(await linesFor(fromEnv, remote())).toEqual([{ ...hello, dd: { trace_id: '11803532876627986230', span_id: '67667974448284343', service: 'cart', version: '9' } }]);
    expect(await linesFor({ preset: 'datadog', env: {}, datadog: { traceIdFormat: 'hex' } }, remote())).toEqual([
      { ...hello, dd: { trace_id: TRACE_ID, span_id: '67667974448284343' } },
    ]);
  });
});

describe('gcp', () => {
  test('trace = projects/PROJECT/traces/TRACE_ID, spanId = 16 hex, trace_sampled = JSON boolean', async () => {
    expect(await linesFor({ preset: 'gcp', gcpProjectId: 'my-project' }, remote('01'), remote('00'))).toEqual([
      {
        ...hello,
        'logging.googleapis.com/trace': `projects/my-project/traces/${TRACE_ID}`,
        'logging.googleapis.com/spanId': SPAN_ID,
        'logging.googleapis.com/trace_sampled': true,
      },
      {
        ...hello,
        'logging.googleapis.com/trace': `projects/my-project/traces/${TRACE_ID}`,
        'logging.googleapis.com/spanId': SPAN_ID,
        'logging.googleapis.com/trace_sampled': false,
      },
    ]);
    const fromEnv = await linesFor({ preset: 'gcp', env: { GOOGLE_CLOUD_PROJECT: 'env-project' } }, remote());
    expect(fromEnv[0]!['logging.googleapis.com/trace']).toBe(`projects/env-project/traces/${TRACE_ID}`);
  });

  test('without a project id: no trace field, a warning once', async () => {
    const warnings: string[] = [];
    setDiagLogger({ warn: (message) => warnings.push(message), error: () => undefined });
    try {
      expect(await linesFor({ preset: 'gcp', env: {} }, remote('01'))).toEqual([
        { ...hello, 'logging.googleapis.com/spanId': SPAN_ID, 'logging.googleapis.com/trace_sampled': true },
      ]);
      traceFormat({ preset: 'gcp', env: {} });
      expect(warnings.filter((w) => w.includes('gcp'))).toHaveLength(1);
    } finally {
      setDiagLogger(null);
    }
  });
});

describe('outside a trace', () => {
  test.each<[string, TraceFormatOptions]>([
    ['otel', {}],
    ['ecs', { preset: 'ecs' }],
    ['datadog', { preset: 'datadog', env: { DD_SERVICE: 'shop' } }],
    ['gcp', { preset: 'gcp', gcpProjectId: 'p' }],
    ['otel + request id + baggage', { requestId: true, baggageKeys: ['tenant'] }],
  ])('%s: nothing is added (no context, and the empty root context)', async (_name, options) => {
    expect(await linesFor(options, undefined, ROOT_CONTEXT)).toEqual([hello, hello]);
  });
});

describe('options', () => {
  test('bad options throw TW_ERR_INVALID_OPTION when the format is created, not at log time', () => {
    for (const bad of [{ preset: 'elastic' }, { keys: { traceId: '' } }, { baggageKeys: 'tenant' }, { preset: 'datadog', datadog: { traceIdFormat: 'base64' } }]) {
      expect(() => traceFormat(bad as unknown as TraceFormatOptions)).toThrow(TracewireError);
      expect(() => traceFormat(bad as unknown as TraceFormatOptions)).toThrow(/TW_ERR_INVALID_OPTION/);
    }
  });
});
