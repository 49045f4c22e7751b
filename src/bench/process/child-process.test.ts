import { describe, expect, it } from 'vitest';
import { startChild } from './child-process.js';
import { liveChildren } from './child-registry.js';

const node = process.execPath;

describe('startChild', () => {
  it('waits for the readiness line, hands back what it matched, and stops the process', async () => {
    const child = await startChild({
      name: 'listener',
      command: node,
      args: ['-e', 'setTimeout(() => console.log("listening on http://127.0.0.1:5555"), 100); setInterval(() => {}, 1000)'],
      readyPattern: /listening on (http:\/\/\S+)/,
      readyTimeoutMs: 10_000,
    });
    expect(child.ready[1]).toBe('http://127.0.0.1:5555');
    expect(liveChildren()).toBeGreaterThanOrEqual(1);
    await child.stop(2000);
    expect(child.process.exitCode !== null || child.process.signalCode !== null).toBe(true);
  });

  it('fails with what the process printed when it exits before it is ready', async () => {
    await expect(
      startChild({ name: 'crasher', command: node, args: ['-e', 'console.error("config error: no such provider"); process.exit(3)'], readyPattern: /listening/, readyTimeoutMs: 10_000 }),
    ).rejects.toThrow(/crasher exited before it was ready \(code 3\)[\s\S]*no such provider/);
  });

  it('gives up after the timeout and kills the process', async () => {
    await expect(
      startChild({ name: 'sleeper', command: node, args: ['-e', 'setInterval(() => {}, 1000)'], readyPattern: /never/, readyTimeoutMs: 300 }),
    ).rejects.toThrow(/sleeper did not become ready within 300 ms/);
  });
});
