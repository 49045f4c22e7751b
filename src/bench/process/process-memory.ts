/**
 * Memory of another process from /proc/<pid>/status: VmRSS (resident now) and VmHWM (the peak since
 * start, or since the peak was reset through /proc/<pid>/clear_refs). Linux only; elsewhere undefined.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const rss = kilobytesField(status, 'VmRSS');
  const peak = kilobytesField(status, 'VmHWM');
  if (rss === undefined || peak === undefined) return undefined;
  return { rssBytes: rss * 1024, peakRssBytes: peak * 1024 };
}

function kilobytesField(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Resets VmHWM to the current RSS, so that the next peak belongs to what runs next. False when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface MemorySampler {
  /** Stops sampling: the highest RSS seen, and VmHWM when the peak could be reset before. */
  stop(): { peakRssBytes: number; samples: number };
}

/** Samples VmRSS every `intervalMs` (a peak between samples is caught by VmHWM when it was reset). */
export function sampleProcessMemory(pid: number, intervalMs = 50): MemorySampler {
  const wasReset = resetPeakRss(pid);
  let peak = readProcessMemory(pid)?.rssBytes ?? 0;
  let samples = 0;
  const timer = setInterval(() => {
    const memory = readProcessMemory(pid);
    if (!memory) return;
    samples += 1;
    peak = Math.max(peak, memory.rssBytes);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const last = readProcessMemory(pid);
      if (last) peak = Math.max(peak, last.rssBytes, wasReset ? last.peakRssBytes : 0);
      return { peakRssBytes: peak, samples };
    },
  };
}
