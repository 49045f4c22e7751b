import { describe, expect, it } from 'vitest';
import { readProcessCpuMs } from './process-cpu.js';
import { readProcessMemory, sampleProcessMemory } from './process-memory.js';

const isLinux = process.platform === 'linux';

describe.skipIf(!isLinux)('reading another process from /proc', () => {
  it('reads this process: resident memory within its peak, both plausible', () => {
    const memory = readProcessMemory(process.pid);
    expect(memory).toBeDefined();
    expect(memory?.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(memory?.peakRssBytes).toBeGreaterThanOrEqual(memory?.rssBytes ?? Infinity);
  });

  it('sees a peak that is gone again by the time sampling stops', async () => {
    const sampler = sampleProcessMemory(process.pid, 10);
    const before = readProcessMemory(process.pid)?.rssBytes ?? 0;
    let ballast: Buffer | undefined = Buffer.alloc(64 * 1024 * 1024, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ballast.length).toBe(64 * 1024 * 1024);
    ballast = undefined;
    const { peakRssBytes } = sampler.stop();
    expect(peakRssBytes).toBeGreaterThan(before + 32 * 1024 * 1024);
  });

  it('counts CPU time as the process works, in agreement with process.cpuUsage()', () => {
    const before = readProcessCpuMs(process.pid) ?? Number.NaN;
    const usageBefore = process.cpuUsage();
    // Spin until 150 ms of CPU were used, however busy the machine is.
    while (process.cpuUsage(usageBefore).user < 150_000) Math.sqrt(Math.random());
    const used = process.cpuUsage(usageBefore);
    const after = readProcessCpuMs(process.pid) ?? Number.NaN;
    // /proc counts in 10 ms ticks.
    expect(after - before).toBeGreaterThanOrEqual((used.user + used.system) / 1000 - 30);
    expect(after - before).toBeLessThanOrEqual((used.user + used.system) / 1000 + 30);
  });

  it('answers undefined for a process that does not exist', () => {
    expect(readProcessMemory(2 ** 30)).toBeUndefined();
    expect(readProcessCpuMs(2 ** 30)).toBeUndefined();
  });
});

if (!isLinux) console.warn('process statistics tests skipped: /proc exists on Linux only');
