import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentOf, readCpuProfile, summarizeCpuProfile, type CpuProfile } from './summarize-cpu-profile.js';

const run = promisify(execFile);

describe('summarizeCpuProfile on a real profile', () => {
  let directory: string;
  let profile: CpuProfile;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-cpu-profile-'));
    const script = path.join(directory, 'busy.mjs');
    await writeFile(
      script,
      [
        'function spinHashes(until) { let x = 0; while (performance.now() < until) { for (let i = 0; i < 1000; i++) x = (x * 31 + i) | 0; } return x; }',
        'function parseALot(until) { let n = 0; const text = JSON.stringify({ a: Array.from({ length: 200 }, (_, i) => i) }); while (performance.now() < until) n += JSON.parse(text).a.length; return n; }',
        'function handleEverything() { return spinHashes(performance.now() + 300) + parseALot(performance.now() + 200); }',
        'const result = handleEverything();',
        'await new Promise((resolve) => setTimeout(resolve, 150));',
        'if (result === 42) console.log(result);',
      ].join('\n'),
    );
    await run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=200', script]);
    const profileFile = (await readdir(directory)).find((name) => name.endsWith('.cpuprofile'));
    profile = await readCpuProfile(path.join(directory, profileFile ?? 'missing'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('finds the function that burned the CPU, leaves idle time out, and divides by requests', () => {
    const summary = summarizeCpuProfile(profile, { requests: 100, isOwnCode: (frame) => frame.url.endsWith('busy.mjs') });
    const top = summary.topSelf[0];
    expect(top?.name).toMatch(/^spinHashes .*busy\.mjs:1$/);
    expect(top?.percent).toBeGreaterThan(40);
    expect(summary.wallMs).toBeGreaterThan(summary.busyMs);
    expect(top?.usPerRequest).toBeCloseTo(((top?.ms ?? 0) * 1000) / 100, 6);
    expect(summary.byComponent.reduce((sum, line) => sum + line.percent, 0)).toBeCloseTo(100, 0);
  });

  it('gives the caller the total time of everything below it, JSON.parse included', () => {
    const summary = summarizeCpuProfile(profile, { isOwnCode: (frame) => frame.url.endsWith('busy.mjs') });
    const total = (name: string): number => summary.topTotal.find((line) => line.name.startsWith(name))?.ms ?? 0;
    expect(total('handleEverything')).toBeGreaterThanOrEqual(total('spinHashes') + total('parseALot') - 1);
    expect(total('parseALot')).toBeGreaterThan(100);
  });

  it('leaves out what ran before the first sample matching startAt', () => {
    const all = summarizeCpuProfile(profile);
    const fromParsing = summarizeCpuProfile(profile, { startAt: /parseALot/ });
    expect(fromParsing.skippedMs).toBeGreaterThan(200);
    expect(fromParsing.busyMs).toBeLessThan(all.busyMs - 200);
    expect(fromParsing.topSelf.some((line) => line.name.startsWith('spinHashes'))).toBe(false);
  });
});

describe('componentOf', () => {
  it.each([
    ['file:///work/main/node_modules/fastify/lib/route.js', 'x', 'package fastify'],
    ['file:///work/main/node_modules/@fastify/cors/index.js', 'x', 'package @fastify/cors'],
    ['file:///work/main/dist/server/chat/handle-chat.js', 'handleChat', 'tollgate server/chat'],
    ['file:///work/main/dist/cli.js', 'main', 'tollgate (root)'],
    ['node:internal/streams/readable', 'read', 'node internal/streams'],
    ['node:http', 'request', 'node http'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'JSONParse', 'V8 builtins and native code'],
  ])('%s (%s) belongs to %s', (url, functionName, expected) => {
    expect(componentOf(url, functionName)).toBe(expected);
  });
});
