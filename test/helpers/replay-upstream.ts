/**
 * A real HTTP server that answers every request with one recorded provider response, so the
 * gateway can be checked against exactly what a provider sent. It records what it was asked.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayResponse {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: string;
}

export interface ReplayUpstream {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }>;
  respondWith(response: ReplayResponse): void;
  close(): Promise<void>;
}

export async function startReplayUpstream(initial: ReplayResponse): Promise<ReplayUpstream> {
  let current = initial;
  const requests: ReplayUpstream['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(current.status ?? 200, { 'content-type': current.contentType ?? 'application/json', ...current.headers });
      response.end(current.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(response) {
      current = response;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
