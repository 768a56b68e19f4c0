/**
 * Real servers on 127.0.0.1 (port 0: any free port), closed together with their open
 * connections, so a hung request cannot keep jest alive.
 */
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOST = '127.0.0.1';

export interface TestServer {
  /** base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** Resolves with the port once `server` listens on 127.0.0.1; rejects on a listen error. */
export function listenOn(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and cuts any connection still open. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A new server for `listener`, listening on 127.0.0.1:0. */
export async function listen(listener: RequestListener): Promise<TestServer> {
  const server = http.createServer(listener);
  const port = await listenOn(server);
  return { url: `http://${HOST}:${port}`, port, server, close: () => closeServer(server) };
}

/** A port nobody listens on: bound once and released, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const probe = http.createServer();
  const port = await listenOn(probe);
  await closeServer(probe);
  return port;
}
