/** The bare undici pass-through proxy (the floor) in its own process, in front of the simulator. */
import { startChild } from '../process/child-process.js';
import { BENCH_UPSTREAM_MODEL } from '../tollgate-bench-config.js';
import { chatBody, type Contender } from './contender.js';
import { BARE_PROXY } from './dist-paths.js';
import { SIMULATOR_API_KEY } from './simulator-process.js';

export const BARE_PROXY_CONNECTIONS = 256;

export async function startBareProxyProcess(simulatorUrl: string, undiciVersion: string): Promise<Contender> {
  const child = await startChild({
    name: 'bare proxy',
    command: process.execPath,
    args: [BARE_PROXY, '--upstream', simulatorUrl, '--port', '0', '--connections', String(BARE_PROXY_CONNECTIONS)],
    readyPattern: /bare proxy listening on (http:\/\/[^\s]+)/,
    readyTimeoutMs: 30_000,
  });
  const origin = child.ready[1] ?? '';
  return {
    name: 'bare',
    label: 'bare undici proxy',
    origin,
    pid: child.pid,
    version: `undici ${undiciVersion}`,
    settings: {
      process: `node dist/bench/bare-proxy.js --connections ${BARE_PROXY_CONNECTIONS}`,
      behaviour: 'node:http server; reads the body, forwards it over a keep-alive undici Pool, pipes the answer back',
    },
    chatTarget: (stream) => ({
      origin,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SIMULATOR_API_KEY}` },
      body: chatBody(BENCH_UPSTREAM_MODEL, stream),
    }),
    stop: () => child.stop(),
  };
}
