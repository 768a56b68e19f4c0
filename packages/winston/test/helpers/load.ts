/**
 * Drives many concurrent requests with distinct traceparents (half sampled, half not) through one
 * adapter while lines are also logged outside any request, then checks every line: a line from
 * request n carries exactly n's trace id, its SERVER span id (read back from the `traceresponse`
 * header, not from the code under test) and its flags; a line from outside carries no trace keys.
 */
import http from 'node:http';
import type { Logger } from 'winston';
import { send } from '../../../../test-support/http-client';
import { randomTraceparent, traceresponseIds, type Incoming } from '../../../../test-support/trace-ids';
import type { Line } from './loggers';
import type { Handler, Server } from './servers';

export interface Expected {
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: string;
  readonly requestId: string;
  readonly tenant: string;
}

const TRACE_KEYS = ['trace_id', 'span_id', 'trace_flags', 'request_id', 'baggage.tenant'];

/**
 * Starts the server with `handler`, sends `count` requests at once over 16 keep-alive sockets
 * (connections are reused by different traces) and logs `{ outside: true }` lines from a timer
 * started outside any request while they run. Returns what each request's lines must carry.
 */
export async function drive(start: (handler: Handler) => Promise<Server>, handler: Handler, count: number, logger: Logger): Promise<Expected[]> {
  const callers: Incoming[] = Array.from({ length: count }, (_, n) => randomTraceparent(n % 2 === 0 ? '01' : '00'));
  const server = await start(handler);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  logger.info('before the requests', { outside: true });
  const ticker = setInterval(() => logger.info('tick outside', { outside: true }), 3);
  try {
    const replies = await Promise.all(
      callers.map((c, n) =>
        send(server.port, `/work/${n}`, { headers: { traceparent: c.traceparent, 'x-request-id': `req-${n}`, baggage: `tenant=t${n},other=x` }, agent }),
      ),
    );
    return replies.map((reply, n) => {
      if (reply.status !== 200) throw new Error(`request ${n}: status ${reply.status}`);
      const seen = traceresponseIds(reply.headers.traceresponse);
      const c = callers[n]!;
      if (seen.traceId !== c.traceId || seen.flags !== c.flags) throw new Error(`request ${n}: traceresponse ${String(reply.headers.traceresponse)} does not continue ${c.traceparent}`);
      return { traceId: c.traceId, spanId: seen.spanId, flags: c.flags, requestId: `req-${n}`, tenant: `t${n}` };
    });
  } finally {
    clearInterval(ticker);
    logger.info('after the requests', { outside: true });
    agent.destroy();
    await server.close();
  }
}

/**
 * Every line that is wrong, described (so a failure shows which). `withExtras`: the format was
 * asked for the request id and the `tenant` baggage entry too.
 */
export function mismatches(lines: Line[], expected: Expected[], withExtras = false): string[] {
  const bad: string[] = [];
  for (const line of lines) {
    if (line.outside === true) {
      const leaked = TRACE_KEYS.filter((key) => key in line);
      if (leaked.length > 0) bad.push(`outside line "${String(line.message)}" has ${leaked.join(', ')}`);
      continue;
    }
    const e = typeof line.n === 'number' ? expected[line.n] : undefined;
    if (e === undefined) {
      bad.push(`line without a request number: ${JSON.stringify(line)}`);
      continue;
    }
    const want: Record<string, string> = { trace_id: e.traceId, span_id: e.spanId, trace_flags: e.flags };
    if (withExtras) Object.assign(want, { request_id: e.requestId, 'baggage.tenant': e.tenant });
    for (const [key, value] of Object.entries(want)) {
      if (line[key] !== value) bad.push(`request ${String(line.n)} "${String(line.message)}": ${key} ${String(line[key])}, expected ${value}`);
    }
  }
  return bad;
}
