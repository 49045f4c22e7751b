/**
 * The floor every gateway is compared with: a bare pass-through proxy that reads the request body,
 * forwards it over a keep-alive undici pool, and sends the answer back chunk by chunk (so streams
 * stream). No parsing, no auth, no pricing, no ledger. Run as its own process:
 *   node dist/bench/bare-proxy.js --upstream http://127.0.0.1:4200 [--port 0] [--connections 256]
 * It prints `bare proxy listening on http://…`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

export interface BareProxyOptions {
  upstream: string;
  port?: number;
  host?: string;
  /** Upstream connections kept alive; 256 matches Tollgate's upstream pool. */
  connections?: number;
}

export interface RunningBareProxy {
  url: string;
  close(): Promise<void>;
}

/** Connection-level headers belong to one hop and are never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);

export async function startBareProxy(options: BareProxyOptions): Promise<RunningBareProxy> {
  const pool = new Pool(options.upstream, { connections: options.connections ?? 256, pipelining: 1, keepAliveTimeout: 10_000 });
  const server = createServer((request, response) => {
    forward(pool, request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `bare proxy: ${error instanceof Error ? error.message : String(error)}` } }));
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

async function forward(pool: Pool, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const clientGone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) clientGone.abort();
  });
  const upstream = await pool.request({
    path: request.url ?? '/',
    method: request.method === 'GET' ? 'GET' : 'POST',
    headers: endToEnd(request.headers),
    body: chunks.length === 0 ? null : Buffer.concat(chunks),
    signal: clientGone.signal,
  });
  response.writeHead(upstream.statusCode, endToEnd(upstream.headers));
  await pipeline(upstream.body, response);
}

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const upstream = argument('upstream');
  if (!upstream) {
    process.stderr.write('usage: bare-proxy --upstream URL [--port N] [--connections N]\n');
    process.exit(2);
  }
  const proxy = await startBareProxy({ upstream, port: Number(argument('port') ?? 0), connections: Number(argument('connections') ?? 256) });
  process.stdout.write(`bare proxy listening on ${proxy.url}\n`);
  const stop = (): void => {
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
