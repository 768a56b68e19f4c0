/**
 * The per-file set-up most outbound tests share: one downstream server for the file, and per test
 * a fresh recording tracer that outbound instrumentation reports to, plus the traced upstream
 * servers the test opened (closed after it). Call at the top level of a test file.
 */
import { instrumentOutbound } from '@tracewire/fetch';
import { recording, type Recording } from '../../../../test-support/recording';
import type { TestServer } from '../../../../test-support/servers';
import { downstream, tracedServer, type Seen, type TracedHandler } from './servers';

export interface OutboundHarness {
  /** the file's downstream server */
  readonly down: TestServer & { seen: Seen[] };
  /** this test's recording tracer */
  readonly rec: Recording;
  /** a traced upstream server on this test's tracer, closed after the test */
  upstream(handler: TracedHandler): Promise<TestServer>;
}

export function outboundHarness(): OutboundHarness {
  let down: TestServer & { seen: Seen[] };
  let rec: Recording;
  const open: TestServer[] = [];
  beforeAll(async () => {
    down = await downstream();
  });
  afterAll(async () => {
    instrumentOutbound().disable();
    await down.close();
  });
  beforeEach(() => {
    rec = recording();
    instrumentOutbound({ tracer: rec.tracer });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await rec.tracer.shutdown();
  });
  return {
    get down() {
      return down;
    },
    get rec() {
      return rec;
    },
    async upstream(handler) {
      const server = await tracedServer(rec.tracer, handler);
      open.push(server);
      return server;
    },
  };
}
