import { createServer, request, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a real server on 127.0.0.1, sends it one request built by `build` (with `agent: false`
 * so no keep-alive socket outlives the test), and resolves with the headers the server received.
 * `prepare` may touch the ClientRequest before it is sent (e.g. inject headers into it).
 */
export function captureRequestHeaders(
  build: (port: number) => RequestOptions,
  prepare?: (req: ReturnType<typeof request>) => void,
): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      resolve(req.headers);
      res.end();
      server.close();
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = request({ host: '127.0.0.1', port, agent: false, ...build(port) });
      prepare?.(req);
      req.on('response', (res) => res.resume());
      req.on('error', (error) => {
        server.close();
        reject(error);
      });
      req.end();
    });
  });
}
