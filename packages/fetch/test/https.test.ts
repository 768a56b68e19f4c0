/**
 * `node:https` is wrapped like `node:http`: a local TLS server (a self-signed certificate made
 * with the openssl CLI for this run) receives the trace headers from https.request and https.get,
 * and the CLIENT span reports the https URL and port.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@tracewire/core';
import { instrumentOutbound } from '@tracewire/fetch';
import { recording, type Recording } from '../../../test-support/recording';
import { send } from '../../../test-support/http-client';
import { tracedServer, fieldsOf } from './helpers/servers';

function makeCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'tracewire-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = makeCertificate();
const maybe = tls === undefined ? test.skip : test;
if (tls === undefined) console.warn('https tests skipped: the openssl CLI is not available to make a test certificate');

let rec: Recording;
let secure: https.Server;
let securePort: number;

beforeAll(async () => {
  if (tls === undefined) return;
  secure = https.createServer(tls, (req, res) => res.end(JSON.stringify({ traceparent: req.headers.traceparent ?? null })));
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  securePort = (secure.address() as AddressInfo).port;
});
afterAll(async () => {
  instrumentOutbound().disable();
  if (secure !== undefined) await new Promise((resolve) => { secure.close(resolve); secure.closeAllConnections(); });
});
beforeEach(() => {
  rec = recording();
  instrumentOutbound({ tracer: rec.tracer });
});
afterEach(() => rec.tracer.shutdown());

function readJson(res: import('node:http').IncomingMessage): Promise<{ traceparent: string | null }> {
  return new Promise((resolve) => {
    let body = '';
    res.on('data', (c: Buffer) => (body += c));
    res.on('end', () => resolve(JSON.parse(body)));
  });
}

maybe.each([
  ['https.request', (url: string) => new Promise((resolve, reject) => {
    const req = https.request(url, { ca: tls!.cert }, (res) => resolve(readJson(res)));
    req.on('error', reject);
    req.end();
  })],
  ['https.get', (url: string) => new Promise((resolve, reject) => {
    https.get(url, { ca: tls!.cert }, (res) => resolve(readJson(res))).on('error', reject);
  })],
])('%s carries the trace and records an https CLIENT span', async (_name, call) => {
  const up = await tracedServer(rec.tracer, async () => call(`https://127.0.0.1:${securePort}/secure?sig=x`));
  try {
    const seen = (await send(up.port, '/')).json<{ traceparent: string }>();
    const spans = await rec.spans(2);
    const client = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(fieldsOf(seen.traceparent).parentId).toBe(client.spanContext().spanId);
    expect(client.attributes['url.full']).toBe(`https://127.0.0.1:${securePort}/secure?sig=REDACTED`);
    expect(client.attributes['server.port']).toBe(securePort);
    expect(client.attributes['http.response.status_code']).toBe(200);
  } finally {
    await up.close();
  }
});
