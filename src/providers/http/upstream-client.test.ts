import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyText, UpstreamClient, UpstreamTransportError, type UpstreamCall } from './upstream-client.js';

let server: Server;
let baseUrl: string;
const client = new UpstreamClient();

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/slow-body') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
      return; // never ends: the total timeout must cut it
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await client.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function call(path: string, signal: AbortSignal, totalMs = 5_000): UpstreamCall {
  return { url: `${baseUrl}${path}`, method: 'GET', headers: {}, signal, timeouts: { connectMs: 1_000, firstByteMs: 5_000, totalMs } };
}

describe('UpstreamClient.send', () => {
  it('leaves no listener on the caller’s signal once the body has been read', async () => {
    const caller = new AbortController();
    const response = await client.send(call('/fast', caller.signal));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    expect(await readBodyText(response.body)).toBe('{"ok":true}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('cuts a body that outlives the total timeout with a timeout error naming the host', async () => {
    const caller = new AbortController();
    const response = await client.send(call('/slow-body', caller.signal, 150));
    const failure = await readBodyText(response.body).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UpstreamTransportError);
    expect(failure).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not finish within 150 ms/) });
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('reports a call the caller cancelled before it started as aborted', async () => {
    const caller = new AbortController();
    caller.abort();
    await expect(client.send(call('/fast', caller.signal))).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('readBodyText', () => {
  it('joins chunks, and refuses a body over the limit with a clear error', async () => {
    const { Readable } = await import('node:stream');
    expect(await readBodyText(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]))).toBe('{"a":1}');
    await expect(readBodyText(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 15)).rejects.toMatchObject({ kind: 'connection', message: 'upstream body exceeded 15 bytes' });
  });
});

describe('readBodyText on a body destroyed before it is read', () => {
  it('rejects at once with the body’s own error instead of waiting forever', async () => {
    const { Readable } = await import('node:stream');
    const failed = new Readable({ read() {} });
    failed.on('error', () => undefined);
    failed.destroy(new Error('socket hang up'));
    await new Promise((resolve) => setImmediate(resolve)); // its 'error' and 'close' are gone by now
    await expect(readBodyText(failed)).rejects.toThrow('socket hang up');
    const closed = new Readable({ read() {} });
    closed.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readBodyText(closed)).rejects.toMatchObject({ kind: 'aborted' });
  });
});
